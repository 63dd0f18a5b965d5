using System.Collections.Concurrent;
using System.Text.Json;
using ChatHub.Inference.HotQuestions;
using ChatHub.Redis.Connection;
using ChatHub.Resp;
using ChatHub.Resp.PubSub;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Redis.HotQuestions;

/// <summary>
/// The shared tier (L2) of the hot-question cache: <c>hot:{question}</c> → JSON answer with the cache's TTL. Every set
/// and remove is announced on <c>hot:invalidate</c>, and the other nodes drop their L1 copy (they read the new answer
/// from here next time). This node's own announcements are ignored. Pub/sub loses what is published while it is down,
/// so after a reconnect every L1 entry that came through this tier is dropped. While Redis cannot be reached the tier
/// is skipped (reads miss, writes go to L1 only), so the cache, its warm-up at start and the replies keep working.
/// </summary>
public sealed class RedisHotQuestionStore : IHotQuestionStore
{
    public const string LevelName = "l2";

    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;
    private readonly MemoryHotQuestionStore _local;
    private readonly ILogger _logger;
    private readonly string _channel;
    private readonly string _nodeId = Guid.NewGuid().ToString("N");
    private readonly int _maxTracked;

    // Invalidations seen, counted per slot of keys (by hash), to notice one that races with a read of the same key.
    private readonly long[] _generations = new long[1024];

    // The keys this node may hold in L1 because of this tier (set through it, or back-filled from it).
    private readonly ConcurrentDictionary<string, byte> _tracked = new(StringComparer.Ordinal);
    private RespSubscription? _subscription;

    public RedisHotQuestionStore(
        RedisConnection redis, RedisKeyspace keys, MemoryHotQuestionStore local, IOptions<HotQuestionCacheOptions> options,
        ILogger<RedisHotQuestionStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _keys = keys;
        _local = local;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _channel = keys.Key("hot:invalidate");
        _maxTracked = Math.Max(1024, options.Value.MaxEntries * 2);
    }

    public string Level => LevelName;

    /// <summary>Raised after an L1 entry was dropped because another node changed it (for tests).</summary>
    internal event Action<string>? Invalidated;

    /// <summary>Raised after the L1 entries were dropped on a pub/sub reconnect, with their count (for tests).</summary>
    internal event Action<int>? Flushed;

    /// <summary>The shared answer, or null (a miss) when there is none or Redis cannot be reached.</summary>
    public async ValueTask<HotAnswer?> GetAsync(string key, CancellationToken cancellationToken)
    {
        string? json;
        var slot = Slot(key);
        var generation = Volatile.Read(ref _generations[slot]);
        try
        {
            json = await _redis.Client.GetAsync(Key(key), cancellationToken);
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            Log.HotQuestionL2Unavailable(_logger, ex.Message);
            return null;
        }

        // An invalidation that arrived while the read was under way may be for this very answer: rather than let the
        // cache copy a stale answer into L1, report a miss (the cache then reads again, without copying).
        if (json is null || Volatile.Read(ref _generations[slot]) != generation)
        {
            return null;
        }

        Track(key); // the cache copies an L2 hit into L1
        return JsonSerializer.Deserialize(json, RedisJsonContext.Default.HotAnswer);
    }

    /// <summary>Stores the answer and announces it; skipped (L1 only) while Redis cannot be reached.</summary>
    public async ValueTask SetAsync(string key, HotAnswer answer, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        Track(key);
        try
        {
            await _redis.Client.SetAsync(Key(key), JsonSerializer.Serialize(answer, RedisJsonContext.Default.HotAnswer), timeToLive, cancellationToken: cancellationToken);
            await _redis.Client.PublishAsync(_channel, _nodeId + "\n" + key, cancellationToken);
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            Log.HotQuestionL2Unavailable(_logger, ex.Message);
        }
    }

    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await _redis.Client.DeleteAsync(Key(key), cancellationToken);
            await _redis.Client.PublishAsync(_channel, _nodeId + "\n" + key, cancellationToken);
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            Log.HotQuestionL2Unavailable(_logger, ex.Message);
        }
    }

    /// <summary>
    /// Subscribes to the invalidations (once; the subscriber renews it after reconnects). Throws while Redis is
    /// unreachable; <see cref="HotQuestionInvalidationService"/> retries.
    /// </summary>
    public async Task StartListeningAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not null)
        {
            return;
        }

        var subscriber = _redis.Subscriber;
        _subscription = await subscriber.SubscribeAsync(_channel, OnInvalidationAsync, cancellationToken);
        subscriber.Reconnected += (_, _) => _ = FlushTrackedAsync();
    }

    internal async ValueTask StopListeningAsync()
    {
        if (Interlocked.Exchange(ref _subscription, null) is { } subscription)
        {
            await subscription.DisposeAsync();
        }
    }

    private async ValueTask OnInvalidationAsync(RespMessage message, CancellationToken cancellationToken)
    {
        var text = message.Text;
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0 || text.AsSpan(0, newline).SequenceEqual(_nodeId))
        {
            return;
        }

        var key = text[(newline + 1)..];
        Interlocked.Increment(ref _generations[Slot(key)]);
        await _local.RemoveAsync(key, cancellationToken); // the key stays tracked: a concurrent read may copy it in again
        Log.HotQuestionInvalidated(_logger);
        Invalidated?.Invoke(key);
    }

    private async Task FlushTrackedAsync()
    {
        var count = 0;
        foreach (var key in _tracked.Keys)
        {
            if (_tracked.TryRemove(key, out _))
            {
                await _local.RemoveAsync(key, CancellationToken.None);
                count++;
            }
        }

        Log.HotQuestionL1Flushed(_logger, count);
        Flushed?.Invoke(count);
    }

    private void Track(string key)
    {
        _tracked.TryAdd(key, 0);
        if (_tracked.Count > _maxTracked)
        {
            // L1 evicts on its own; forget the keys it no longer holds.
            foreach (var tracked in _tracked.Keys)
            {
                if (_local.TryGet(tracked) is null)
                {
                    _tracked.TryRemove(tracked, out _);
                }
            }
        }
    }

    /// <summary>A cache tier degrades to a miss while Redis is down (the node is unready then anyway); server errors are bugs and throw.</summary>
    private static bool IsOutage(Exception exception) => exception is RespConnectionException or RespTimeoutException;

    private int Slot(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_generations.Length);

    private string Key(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _keys.Key("hot", key);
    }
}
