using ChatHub.Resp.Connection;

namespace ChatHub.Resp.PubSub;

/// <summary>Subscribing, unsubscribing, resubscribing, and routing messages to channels.</summary>
public sealed partial class RespSubscriber
{
    private async Task<RespSubscription> AddAsync(
        SubscriptionKey key, Func<RespMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.Name);
        ArgumentNullException.ThrowIfNull(handler);
        var subscription = new RespSubscription(this, key.Name, key.IsPattern, handler);
        Task confirmed;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (!_connection.IsConnected)
            {
                throw new RespConnectionException($"Not connected to {_connection.Configuration.EndPoint}; reconnecting in the background.");
            }

            if (!_channels.TryGetValue(key, out var state))
            {
                // Queued under the lock, so SUBSCRIBE and UNSUBSCRIBE of one channel reach the server in lock order.
                var reply = _connection.SendAsync(key.IsPattern ? "PSUBSCRIBE" : "SUBSCRIBE", [key.Name], CancellationToken.None);
                state = new ChannelState(
                    key.Name, ConfirmAsync(reply), MaxQueuedMessagesPerChannel, OnDropped, RaiseHandlerFailed, _stopping.Token);
                _channels[key] = state;
            }

            state.Add(subscription);
            confirmed = state.Confirmed;
        }

        try
        {
            await confirmed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A failed SUBSCRIBE left nothing to undo; a cancelled wait may have, and UNSUBSCRIBE follows it on the wire.
            await RemoveAsync(subscription, unsubscribe: !confirmed.IsFaulted, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return subscription;
    }

    internal Task RemoveAsync(RespSubscription subscription, CancellationToken cancellationToken) =>
        RemoveAsync(subscription, unsubscribe: true, cancellationToken);

    private async Task RemoveAsync(RespSubscription subscription, bool unsubscribe, CancellationToken cancellationToken)
    {
        var key = new SubscriptionKey(subscription.Channel, subscription.IsPattern);
        Task<RespValue>? reply = null;
        lock (_gate)
        {
            if (!_channels.TryGetValue(key, out var state) || !state.Remove(subscription) || !state.IsEmpty)
            {
                return;
            }

            reply = Forget(key, state, unsubscribe);
        }

        await AwaitUnsubscribeAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    private async Task RemoveAllAsync(SubscriptionKey key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key.Name);
        Task<RespValue>? reply;
        lock (_gate)
        {
            if (!_channels.TryGetValue(key, out var state))
            {
                return;
            }

            state.RemoveAll();
            reply = Forget(key, state, unsubscribe: true);
        }

        await AwaitUnsubscribeAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Called with the lock held: drops the channel and, if connected, queues its UNSUBSCRIBE.</summary>
    private Task<RespValue>? Forget(SubscriptionKey key, ChannelState state, bool unsubscribe)
    {
        _channels.TryRemove(key, out _);
        state.Complete();
        if (!unsubscribe || !_connection.IsConnected)
        {
            return null; // Nothing to undo: a new connection only subscribes to the channels still listed.
        }

        try
        {
            return _connection.SendAsync(key.IsPattern ? "PUNSUBSCRIBE" : "UNSUBSCRIBE", [key.Name], CancellationToken.None);
        }
        catch (RespConnectionException)
        {
            return null;
        }
    }

    private static async Task AwaitUnsubscribeAsync(Task<RespValue>? reply, CancellationToken cancellationToken)
    {
        if (reply is null)
        {
            return;
        }

        try
        {
            var value = await reply.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (value.IsError)
            {
                throw value.ToException();
            }
        }
        catch (RespConnectionException)
        {
            // The connection died: the server forgot the subscription with it, and it will not be renewed.
        }
    }

    private static async Task ConfirmAsync(Task<RespValue> reply)
    {
        var value = await reply.ConfigureAwait(false);
        if (value.IsError)
        {
            throw value.ToException();
        }
    }

    /// <summary>Runs on every reconnect, before the connection is handed out: subscribes again to everything listed.</summary>
    private async Task ResubscribeAsync(RespPhysicalConnection connection, CancellationToken cancellationToken)
    {
        RespCommand[] commands;
        lock (_gate)
        {
            commands = [.. _channels.Keys.Select(key => new RespCommand(key.IsPattern ? "PSUBSCRIBE" : "SUBSCRIBE", [key.Name]))];
        }

        if (commands.Length == 0)
        {
            return;
        }

        foreach (var reply in connection.EnqueueBatch(commands))
        {
            var value = await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (value.IsError)
            {
                throw value.ToException();
            }
        }
    }

    /// <summary>Pub/sub deliveries (RESP2 arrays, RESP3 pushes) answer no command; confirmations of (UN)SUBSCRIBE do.</summary>
    private static bool IsMessage(RespValue value) =>
        value.Type is RespType.Array or RespType.Push && value.Items.Count >= 3 && value.Items[0].Type == RespType.BulkString
        && value.Items[0].Bytes.Span is var kind
        && (kind.SequenceEqual("message"u8) || kind.SequenceEqual("pmessage"u8) || kind.SequenceEqual("smessage"u8));

    /// <summary>Runs on the read loop: hands the message to its channel's queue and returns.</summary>
    private void OnMessage(RespValue value)
    {
        var items = value.Items;
        var isPattern = items[0].Bytes.Span.SequenceEqual("pmessage"u8);
        if (isPattern ? items.Count != 4 : items.Count != 3)
        {
            return;
        }

        var subscribed = items[1].AsString() ?? string.Empty;
        var message = isPattern
            ? new RespMessage(items[2].AsString() ?? string.Empty, subscribed, items[3].Bytes)
            : new RespMessage(subscribed, null, items[2].Bytes);
        if (_channels.TryGetValue(new SubscriptionKey(subscribed, isPattern), out var state))
        {
            state.Post(message);
        }
    }

    private void OnDropped() => Interlocked.Increment(ref _dropped);
}
