using System.Collections.Concurrent;

namespace ChatHub.Conversation.Idempotency;

/// <summary>
/// Idempotency keys in one process: a dictionary of value and expiry. A claim stores <c>1</c>, a lease
/// <c>lease:{owner}</c>, a done marker <c>done</c> (the values of the Redis store).
/// </summary>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private const int SweepEvery = 4096;
    private const string ClaimValue = "1";
    private const string DoneValue = "done";
    private const string LeasePrefix = "lease:";

    private readonly ConcurrentDictionary<string, Entry> _keys = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _writes;

    public InMemoryIdempotencyStore(TimeProvider time) => _time = time;

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

    public ValueTask<LeaseOutcome> TryAcquireLeaseAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var now = Now();
        if (TrySetIfFreeOrExpired(key, new Entry(LeasePrefix + owner, now + lease), now, out var current))
        {
            return ValueTask.FromResult(LeaseOutcome.Acquired);
        }

        return ValueTask.FromResult(current.Value == DoneValue ? LeaseOutcome.Done : LeaseOutcome.Held);
    }

    public ValueTask MarkDoneAsync(string key, TimeSpan retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        _keys[key] = new Entry(DoneValue, Now() + retention);
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
        if (Interlocked.Increment(ref _writes) % SweepEvery == 0)
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
                current = entry;
                return true;
            }
        }
    }

    private void Sweep(DateTimeOffset now)
    {
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
