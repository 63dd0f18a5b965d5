namespace ChatHub.Redis.SignalR;

/// <summary>A request to the node holding <paramref name="ConnectionId"/> to add it to, or remove it from, a group.</summary>
internal sealed record GroupCommand(string Origin, long Id, GroupAction Action, string Group, string ConnectionId);
