using Microsoft.AspNetCore.SignalR;

namespace ChatHub.Redis.Tests.SignalR;

/// <summary>A hub exercising every backplane path: groups (own and other connections), connections, all, others.</summary>
public sealed class ScaleoutTestHub : Hub
{
    public string GetConnectionId() => Context.ConnectionId;

    public Task JoinGroup(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);

    public Task LeaveGroup(string group) => Groups.RemoveFromGroupAsync(Context.ConnectionId, group);

    public Task AddToGroup(string connectionId, string group) => Groups.AddToGroupAsync(connectionId, group);

    public Task RemoveFromGroup(string connectionId, string group) => Groups.RemoveFromGroupAsync(connectionId, group);

    public Task SendToGroup(string group, string text) => Clients.Group(group).SendAsync("Message", text);

    public Task SendToOthersInGroup(string group, string text) => Clients.OthersInGroup(group).SendAsync("Message", text);

    public Task SendToConnection(string connectionId, string text) => Clients.Client(connectionId).SendAsync("Message", text);

    public Task SendToAll(string text) => Clients.All.SendAsync("Message", text);

    public Task SendToOthers(string text) => Clients.Others.SendAsync("Message", text);

    public Task SendToCaller(string text) => Clients.Caller.SendAsync("Message", text);
}
