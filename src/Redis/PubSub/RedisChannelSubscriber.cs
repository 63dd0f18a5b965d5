using System.Threading.Channels;
using ChatHub.Redis.Connection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace ChatHub.Redis.PubSub;

/// <summary>
/// A thin layer over the multiplexer's pub/sub for our own subscribers: StackExchange.Redis queues a channel's messages
/// without bound (<see cref="ChannelMessageQueue"/>); here each subscription drains that queue at once into a bounded one
/// (<see cref="Capacity"/>, the oldest dropped when full and counted in <see cref="DroppedMessageCount"/>), and one worker
/// per subscription runs the handler, in order; a handler that throws raises <see cref="HandlerFailed"/> (and a log
/// line) and delivery goes on. While Redis is unreachable, subscribing fails fast with
/// <see cref="RedisConnectionException"/>; the multiplexer renews its subscriptions after a reconnect, and what was
/// published meanwhile is lost (<see cref="RedisConnection.SubscriptionRestored"/> tells).
/// </summary>
public sealed class RedisChannelSubscriber
{
    /// <summary>The default bound of a subscription's queue.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly RedisConnection _redis;
    private readonly ILogger _logger;
    private long _dropped;

    public RedisChannelSubscriber(RedisConnection redis, ILogger<RedisChannelSubscriber>? logger = null)
        : this(redis, DefaultCapacity, logger)
    {
    }

    public RedisChannelSubscriber(RedisConnection redis, int capacity, ILogger<RedisChannelSubscriber>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _redis = redis;
        Capacity = capacity;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Messages a subscription buffers for a slow handler before dropping its oldest.</summary>
    public int Capacity { get; }

    /// <summary>Messages dropped because a subscription's queue was full (its handler too slow), over all subscriptions.</summary>
    public long DroppedMessageCount => Interlocked.Read(ref _dropped);

    /// <summary>Raised (on the subscription's worker) when a handler throws.</summary>
    public event EventHandler<RedisHandlerFailedEventArgs>? HandlerFailed;

    /// <summary>Raised after a full queue dropped its oldest message, with the channel's name.</summary>
    public event EventHandler<string>? MessageDropped;

    /// <summary>SUBSCRIBE: calls <paramref name="handler"/> for each message on <paramref name="channel"/> once the server confirmed.</summary>
    public async Task<RedisChannelSubscription> SubscribeAsync(
        string channel, Func<RedisValue, CancellationToken, ValueTask> handler, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(handler);
        var source = await _redis.Multiplexer.GetSubscriber().SubscribeAsync(RedisChannel.Literal(channel)).WaitAsync(cancellationToken);
        var queue = Channel.CreateBounded<RedisValue>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => OnDropped(channel));
        return new RedisChannelSubscription(channel, source, queue, handler, OnHandlerFailed);
    }

    private void OnDropped(string channel)
    {
        var dropped = Interlocked.Increment(ref _dropped);
        Log.MessageDropped(_logger, channel, Capacity, dropped);
        MessageDropped?.Invoke(this, channel);
    }

    private void OnHandlerFailed(string channel, Exception exception)
    {
        Log.HandlerFailed(_logger, channel, exception);
        try
        {
            HandlerFailed?.Invoke(this, new RedisHandlerFailedEventArgs(channel, exception));
        }
#pragma warning disable CA1031 // A failing event handler must not stop the subscription's worker.
        catch (Exception)
#pragma warning restore CA1031
        {
            // Nowhere left to report it.
        }
    }
}
