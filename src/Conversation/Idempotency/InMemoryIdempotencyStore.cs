using System.Collections.Concurrent;

namespace ChatHub.Conversation.Idempotency;

/// <summary>
/// Idempotency keys in one process: a dictionary of value and expiry. A claim stores <c>1</c>, a lease
/// <c>lease:{owner}</c>, a done marker <c>done</c> (the values of the Redis store). Bounded: at most
/// <see cref="DefaultMaxKeys"/> keys are kept (beyond that the oldest write is forgotten first, expired or not: one
/// process's best effort; use Redis for exact de-duplication over a long window), and expired keys are swept every
/// <see cref="SweepInterval"/>.
/// </summary>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    internal const int DefaultMaxKeys = 1_000_000;
    internal static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private const string ClaimValue = "1";
    private const string DoneValue = "done";
    private const string LeasePrefix = "lease:";

    private readonly ConcurrentDictionary<string, Entry> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<KeyValuePair<string, Entry>> _writeOrder = new(); // oldest first
    private readonly TimeProvider _time;
    private readonly int _maxKeys;
    private readonly SweepSchedule _sweep;

    public InMemoryIdempotencyStore(TimeProvider time)
        : this(time, DefaultMaxKeys)
    {
    }

    internal InMemoryIdempotencyStore(TimeProvider time, int maxKeys)
    {
        _time = time;
        _maxKeys = maxKeys;
        _sweep = new SweepSchedule(time.GetUtcNow(), SweepInterval);
    }

    internal int Count => _keys.Count;

    public ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = Now();
        return ValueTask.FromResult(TrySetIfFreeOrExpired(key, new Entry(ClaimValue, now + ttl), now, out _));
    }

    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        _keys.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> IsDoneAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = Now();
        return ValueTask.FromResult(_keys.TryGetValue(key, out var entry) && entry.Value == DoneValue && entry.ExpiresAt > now);
    }

    public ValueTask<LeaseOutcome> TryAcquireLeaseAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var now = Now();
        var entry = new Entry(LeasePrefix + owner, now + lease);
        while (!TrySetIfFreeOrExpired(key, entry, now, out var current))
        {
            if (current.Value != entry.Value)
            {
                return ValueTask.FromResult(current.Value == DoneValue ? LeaseOutcome.Done : LeaseOutcome.Held);
            }

            if (_keys.TryUpdate(key, entry, current))
            {
                Remember(key, entry); // this owner's own live lease: renewed
                break;
            }
        }

        return ValueTask.FromResult(LeaseOutcome.Acquired);
    }

    public ValueTask MarkDoneAsync(string key, TimeSpan retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entry = new Entry(DoneValue, Now() + retention);
        _keys[key] = entry;
        Remember(key, entry);
        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var lease = LeasePrefix + owner;
        if (_keys.TryGetValue(key, out var entry) && entry.Value == lease)
        {
            _keys.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }

        return ValueTask.CompletedTask;
    }

    private DateTimeOffset Now()
    {
        var now = _time.GetUtcNow();
        if (_sweep.IsDue(now))
        {
            Sweep(now);
        }

        return now;
    }

    /// <summary>Stores <paramref name="entry"/> unless the key holds an unexpired value, which is returned instead.</summary>
    private bool TrySetIfFreeOrExpired(string key, Entry entry, DateTimeOffset now, out Entry current)
    {
        while (true)
        {
            if (_keys.TryAdd(key, entry))
            {
                Remember(key, entry);
                current = entry;
                return true;
            }

            if (!_keys.TryGetValue(key, out current))
            {
                continue; // released meanwhile
            }

            if (current.ExpiresAt > now)
            {
                return false;
            }

            if (_keys.TryUpdate(key, entry, current))
            {
                Remember(key, entry);
                current = entry;
                return true;
            }
        }
    }

    /// <summary>Notes the write in write order; past the cap, forgets the oldest writes (unless written again since).</summary>
    private void Remember(string key, Entry entry)
    {
        _writeOrder.Enqueue(new(key, entry));
        while (_writeOrder.Count > _maxKeys && _writeOrder.TryDequeue(out var oldest))
        {
            _keys.TryRemove(oldest);
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        while (_writeOrder.TryPeek(out var oldest) && (oldest.Value.ExpiresAt <= now || !_keys.TryGetValue(oldest.Key, out var current) || current != oldest.Value))
        {
            _writeOrder.TryDequeue(out _); // expired, released or written again: no longer the oldest write
        }

        foreach (var (key, entry) in _keys)
        {
            if (entry.ExpiresAt <= now)
            {
                _keys.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    private readonly record struct Entry(string Value, DateTimeOffset ExpiresAt);
}
