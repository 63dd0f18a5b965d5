using System.Collections.Concurrent;
using ChatHub.Resp.Connection;

namespace ChatHub.Resp.PubSub;

/// <summary>
/// Pub/sub on its own connection (a subscribed connection can run nothing else). Handlers run off the read loop, one
/// worker per channel or pattern, so one channel's messages are handled in order and a slow handler delays only its
/// own channel. After a reconnect every channel and pattern is subscribed again before <see cref="Reconnected"/> is
/// raised; messages published while the connection was down are lost, which is what that event tells.
/// While disconnected, subscribing fails fast with <see cref="RespConnectionException"/>.
/// </summary>
public sealed partial class RespSubscriber : IAsyncDisposable
{
    /// <summary>How many messages a channel buffers for slow handlers before dropping its oldest.</summary>
    public const int MaxQueuedMessagesPerChannel = 10_000;

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<SubscriptionKey, ChannelState> _channels = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly RespConnection _connection;
    private long _dropped;
    private int _disposed;

    private RespSubscriber(RespConfiguration configuration)
    {
        _connection = new RespConnection(configuration, IsMessage, OnMessage, ResubscribeAsync) { EventSender = this };
    }

    /// <summary>Raised when the connection is lost and when a reconnect attempt fails.</summary>
    public event EventHandler<RespConnectionEventArgs>? ConnectionFailed
    {
        add => _connection.ConnectionFailed += value;
        remove => _connection.ConnectionFailed -= value;
    }

    /// <summary>Raised after a reconnect, once every channel is subscribed again. Messages sent during the outage are lost.</summary>
    public event EventHandler<RespConnectionEventArgs>? Reconnected
    {
        add => _connection.Reconnected += value;
        remove => _connection.Reconnected -= value;
    }

    /// <summary>Raised (on the channel's worker) when a handler throws.</summary>
    public event EventHandler<RespHandlerFailedEventArgs>? HandlerFailed;

    public bool IsConnected => _connection.IsConnected;

    /// <summary>Messages dropped because a channel's queue was full (its handlers too slow).</summary>
    public long DroppedMessageCount => Interlocked.Read(ref _dropped);

    /// <summary>Connects (handshake included) or throws <see cref="RespConnectionException"/>.</summary>
    public static async Task<RespSubscriber> ConnectAsync(RespConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var subscriber = new RespSubscriber(configuration);
        try
        {
            await subscriber._connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await subscriber.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return subscriber;
    }

    /// <summary>SUBSCRIBE: calls <paramref name="handler"/> for each message on <paramref name="channel"/>, once the server confirmed.</summary>
    public Task<RespSubscription> SubscribeAsync(
        string channel, Func<RespMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken = default) =>
        AddAsync(new SubscriptionKey(channel, IsPattern: false), handler, cancellationToken);

    public Task<RespSubscription> SubscribeAsync(string channel, Action<RespMessage> handler, CancellationToken cancellationToken = default) =>
        SubscribeAsync(channel, Wrap(handler), cancellationToken);

    /// <summary>PSUBSCRIBE: like <see cref="SubscribeAsync(string, Func{RespMessage, CancellationToken, ValueTask}, CancellationToken)"/> for a glob pattern.</summary>
    public Task<RespSubscription> SubscribePatternAsync(
        string pattern, Func<RespMessage, CancellationToken, ValueTask> handler, CancellationToken cancellationToken = default) =>
        AddAsync(new SubscriptionKey(pattern, IsPattern: true), handler, cancellationToken);

    public Task<RespSubscription> SubscribePatternAsync(string pattern, Action<RespMessage> handler, CancellationToken cancellationToken = default) =>
        SubscribePatternAsync(pattern, Wrap(handler), cancellationToken);

    /// <summary>UNSUBSCRIBE: removes every handler of <paramref name="channel"/>.</summary>
    public Task UnsubscribeAsync(string channel, CancellationToken cancellationToken = default) =>
        RemoveAllAsync(new SubscriptionKey(channel, IsPattern: false), cancellationToken);

    /// <summary>PUNSUBSCRIBE: removes every handler of <paramref name="pattern"/>.</summary>
    public Task UnsubscribePatternAsync(string pattern, CancellationToken cancellationToken = default) =>
        RemoveAllAsync(new SubscriptionKey(pattern, IsPattern: true), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        var workers = new List<Task>();
        lock (_gate)
        {
            foreach (var state in _channels.Values)
            {
                state.Complete();
                workers.Add(state.Worker);
            }

            _channels.Clear();
        }

        // A bounded drain: handlers get the stopping token and a few seconds to finish.
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(workers).WaitAsync(DrainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A handler that ignores its token is left behind rather than hanging disposal.
        }
    }

    private static Func<RespMessage, CancellationToken, ValueTask> Wrap(Action<RespMessage> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return (message, _) =>
        {
            handler(message);
            return ValueTask.CompletedTask;
        };
    }

    private void RaiseHandlerFailed(string channel, Exception exception)
    {
        try
        {
            HandlerFailed?.Invoke(this, new RespHandlerFailedEventArgs(channel, exception));
        }
#pragma warning disable CA1031 // A failing event handler must not stop the channel's worker.
        catch (Exception)
#pragma warning restore CA1031
        {
            // Nowhere left to report it.
        }
    }

    private readonly record struct SubscriptionKey(string Name, bool IsPattern);
}
