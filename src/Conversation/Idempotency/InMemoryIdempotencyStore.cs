using System.Collections.Concurrent;

namespace ChatHub.Conversation.Idempotency;

/// <summary>
/// Claims in process memory, bounded: at most <see cref="DefaultMaxKeys"/> claims are kept (beyond that the oldest
/// claim is forgotten first, expired or not: one process's best effort; use Redis for exact de-duplication over a
/// long window), and expired claims are swept every <see cref="SweepInterval"/>.
/// </summary>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    internal const int DefaultMaxKeys = 1_000_000;
    internal static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<KeyValuePair<string, DateTimeOffset>> _claimOrder = new(); // oldest first
    private readonly TimeProvider _time;
    private readonly int _maxKeys;
    private long _nextSweep;

    public InMemoryIdempotencyStore(TimeProvider time)
        : this(time, DefaultMaxKeys)
    {
    }

    internal InMemoryIdempotencyStore(TimeProvider time, int maxKeys)
    {
        _time = time;
        _maxKeys = maxKeys;
        _nextSweep = (time.GetUtcNow() + SweepInterval).UtcTicks;
    }

    internal int Count => _keys.Count;

    public ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _time.GetUtcNow();
        var nextSweep = Volatile.Read(ref _nextSweep);
        if (now.UtcTicks >= nextSweep && Interlocked.CompareExchange(ref _nextSweep, (now + SweepInterval).UtcTicks, nextSweep) == nextSweep)
        {
            Sweep(now);
        }

        while (true)
        {
            if (_keys.TryAdd(key, now + ttl))
            {
                Remember(key, now + ttl);
                return ValueTask.FromResult(true);
            }

            if (!_keys.TryGetValue(key, out var expiresAt))
            {
                continue; // released meanwhile
            }

            if (expiresAt > now)
            {
                return ValueTask.FromResult(false);
            }

            if (_keys.TryUpdate(key, now + ttl, expiresAt))
            {
                Remember(key, now + ttl);
                return ValueTask.FromResult(true);
            }
        }
    }

    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        _keys.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    /// <summary>Notes the claim in claim order; past the cap, forgets the oldest claims (unless claimed again since).</summary>
    private void Remember(string key, DateTimeOffset expiresAt)
    {
        _claimOrder.Enqueue(new(key, expiresAt));
        while (_claimOrder.Count > _maxKeys && _claimOrder.TryDequeue(out var oldest))
        {
            _keys.TryRemove(oldest);
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        while (_claimOrder.TryPeek(out var oldest) && (oldest.Value <= now || !_keys.TryGetValue(oldest.Key, out var current) || current != oldest.Value))
        {
            _claimOrder.TryDequeue(out _); // expired, released or claimed again: no longer the oldest claim
        }

        foreach (var (key, expiresAt) in _keys)
        {
            if (expiresAt <= now)
            {
                _keys.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, expiresAt));
            }
        }
    }
}
