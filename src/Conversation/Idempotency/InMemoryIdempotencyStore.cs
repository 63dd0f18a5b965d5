using System.Collections.Concurrent;

namespace ChatHub.Conversation.Idempotency;

public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private const int SweepEvery = 4096;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _keys = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _claims;

    public InMemoryIdempotencyStore(TimeProvider time) => _time = time;

    internal int Count => _keys.Count;

    public ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _time.GetUtcNow();
        if (Interlocked.Increment(ref _claims) % SweepEvery == 0)
        {
            Sweep(now);
        }

        while (true)
        {
            if (_keys.TryAdd(key, now + ttl))
            {
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
                return ValueTask.FromResult(true);
            }
        }
    }

    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        _keys.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, expiresAt) in _keys)
        {
            if (expiresAt <= now)
            {
                _keys.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, expiresAt));
            }
        }
    }
}
