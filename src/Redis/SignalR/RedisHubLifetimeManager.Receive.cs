using ChatHub.Resp.PubSub;
using Microsoft.AspNetCore.SignalR;

namespace ChatHub.Redis.SignalR;

/// <summary>Receiving: invocations for local connections, group requests from other nodes, and acks of ours.</summary>
public sealed partial class RedisHubLifetimeManager<THub>
{
    /// <summary>Writes an invocation from another node to <paramref name="targets"/>; this node's own messages were delivered when sent.</summary>
    private async ValueTask DeliverAsync(RespMessage message, HubConnectionStore targets, CancellationToken cancellationToken)
    {
        if (!TryRead(message, out var invocation) || invocation.Origin == _serverName)
        {
            return;
        }

        await WriteAsync(targets, invocation.Message, invocation.Excluded, cancellationToken);
    }

    private async ValueTask DeliverAsync(RespMessage message, HubConnectionContext connection, CancellationToken cancellationToken)
    {
        if (!TryRead(message, out var invocation) || invocation.Excluded?.Contains(connection.ConnectionId) == true)
        {
            return;
        }

        try
        {
            await connection.WriteAsync(invocation.Message, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SignalRWriteFailed(_logger, connection.ConnectionId, ex);
        }
    }

    private async Task WriteAsync(HubConnectionStore targets, SerializedHubMessage message, HashSet<string>? excluded, CancellationToken cancellationToken)
    {
        List<Task>? writes = null;
        foreach (var connection in targets)
        {
            if (excluded?.Contains(connection.ConnectionId) == true)
            {
                continue;
            }

            var write = connection.WriteAsync(message, cancellationToken);
            if (!write.IsCompletedSuccessfully)
            {
                (writes ??= []).Add(WatchAsync(connection.ConnectionId, write));
            }
        }

        if (writes is not null)
        {
            await Task.WhenAll(writes);
        }
    }

    private async Task WatchAsync(string connectionId, ValueTask write)
    {
        try
        {
            await write;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One broken connection must not keep the message from the others.
            Log.SignalRWriteFailed(_logger, connectionId, ex);
        }
    }

    private async ValueTask OnGroupCommandAsync(RespMessage message, CancellationToken cancellationToken)
    {
        GroupCommand command;
        try
        {
            command = ScaleoutMessages.ReadGroupCommand(message.Payload);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
        {
            Log.SignalRUndecodable(_logger, message.Channel, ex);
            return;
        }

        if (_connections[command.ConnectionId] is not { } connection)
        {
            return; // not ours: the node that holds it answers
        }

        if (command.Action == GroupAction.Add)
        {
            await AddGroupCoreAsync(connection, command.Group, cancellationToken);
        }
        else
        {
            await RemoveGroupCoreAsync(connection, command.Group);
        }

        await _redis.Client.PublishAsync(_channels.Acks(command.Origin), ScaleoutMessages.WriteAck(command.Id), cancellationToken);
    }

    private void OnAck(RespMessage message)
    {
        try
        {
            _acks.Complete(ScaleoutMessages.ReadAck(message.Payload));
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            Log.SignalRUndecodable(_logger, message.Channel, ex);
        }
    }

    private bool TryRead(RespMessage message, out ScaleoutInvocation invocation)
    {
        try
        {
            invocation = ScaleoutMessages.ReadInvocation(message.Payload);
            return true;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
        {
            Log.SignalRUndecodable(_logger, message.Channel, ex);
            invocation = null!;
            return false;
        }
    }
}
