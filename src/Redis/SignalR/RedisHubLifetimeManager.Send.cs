using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace ChatHub.Redis.SignalR;

/// <summary>Sending: local connections are written directly, then the message is published for the other nodes.</summary>
public sealed partial class RedisHubLifetimeManager<THub>
{
    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(_connections, _channels.All, methodName, args, excluded: null, cancellationToken);

    public override Task SendAllExceptAsync(
        string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(_connections, _channels.All, methodName, args, excludedConnectionIds, cancellationToken);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        if (_connections[connectionId] is { } connection)
        {
            // Local: no serialization for other protocols, no round trip.
            return connection.WriteAsync(new InvocationMessage(methodName, args), cancellationToken).AsTask();
        }

        return PublishAsync(_channels.Connection(connectionId), Serialize(methodName, args), excluded: null, cancellationToken);
    }

    public override async Task SendConnectionsAsync(
        IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        foreach (var connectionId in connectionIds)
        {
            await SendConnectionAsync(connectionId, methodName, args, cancellationToken);
        }
    }

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupName);
        var channel = _channels.Group(groupName);
        return SendAsync(_groups.Find(channel), channel, methodName, args, excluded: null, cancellationToken);
    }

    public override Task SendGroupExceptAsync(
        string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupName);
        var channel = _channels.Group(groupName);
        return SendAsync(_groups.Find(channel), channel, methodName, args, excludedConnectionIds, cancellationToken);
    }

    public override async Task SendGroupsAsync(
        IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(groupNames);
        foreach (var groupName in groupNames)
        {
            if (!string.IsNullOrEmpty(groupName))
            {
                await SendGroupAsync(groupName, methodName, args, cancellationToken);
            }
        }
    }

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var channel = _channels.User(userId);
        return SendAsync(_users.Find(channel), channel, methodName, args, excluded: null, cancellationToken);
    }

    public override async Task SendUsersAsync(
        IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        foreach (var userId in userIds)
        {
            if (!string.IsNullOrEmpty(userId))
            {
                await SendUserAsync(userId, methodName, args, cancellationToken);
            }
        }
    }

    private async Task SendAsync(
        HubConnectionStore? local, string channel, string methodName, object?[] args, IReadOnlyList<string>? excluded,
        CancellationToken cancellationToken)
    {
        var messages = Serialize(methodName, args);
        if (local is { Count: > 0 })
        {
            await WriteAsync(local, new SerializedHubMessage(messages), ToSet(excluded), cancellationToken);
        }

        await PublishAsync(channel, messages, excluded, cancellationToken);
    }

    private Task<long> PublishAsync(string channel, IReadOnlyList<SerializedMessage> messages, IReadOnlyList<string>? excluded, CancellationToken cancellationToken) =>
        _redis.Client.PublishAsync(channel, ScaleoutMessages.WriteInvocation(_serverName, messages, excluded), cancellationToken);

    /// <summary>The invocation in every protocol this hub speaks, serialized once for all nodes and connections.</summary>
    private SerializedMessage[] Serialize(string methodName, object?[] args)
    {
        var invocation = new InvocationMessage(methodName, args);
        var messages = new SerializedMessage[_protocols.Length];
        for (var i = 0; i < _protocols.Length; i++)
        {
            messages[i] = new SerializedMessage(_protocols[i].Name, _protocols[i].GetMessageBytes(invocation));
        }

        return messages;
    }

    private static HashSet<string>? ToSet(IReadOnlyList<string>? excluded) =>
        excluded is { Count: > 0 } ? new HashSet<string>(excluded, StringComparer.Ordinal) : null;
}
