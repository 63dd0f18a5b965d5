using System.Collections.Concurrent;

namespace ChatHub.Conversation.RateLimiting;

public sealed class InMemoryTokenBucketLimiter : ITokenBucketLimiter
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly SweepSchedule _sweep;

    public InMemoryTokenBucketLimiter(TimeProvider time)
    {
        _time = time;
        _sweep = new SweepSchedule(time);
    }

    internal int Count => _buckets.Count;

    public ValueTask<bool> TryAcquireAsync(string key, TokenBucketRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var now = _time.GetUtcNow();
        if (_sweep.IsDue(now))
        {
            Sweep(now);
        }

        var bucket = _buckets.GetOrAdd(key, static (_, state) => new Bucket(state.rule.Capacity, state.now), (rule, now));
        lock (bucket)
        {
            bucket.FullAfter = TimeSpan.FromTicks(rule.RefillEvery.Ticks * rule.Capacity);
            var refill = (now - bucket.UpdatedAt).TotalSeconds * rule.TokensPerSecond;
            bucket.Tokens = Math.Min(rule.Capacity, bucket.Tokens + Math.Max(0, refill));
            bucket.UpdatedAt = now;
            if (bucket.Tokens < 1)
            {
                return ValueTask.FromResult(false);
            }

            bucket.Tokens -= 1;
            return ValueTask.FromResult(true);
        }
    }

    // A bucket that has been idle long enough to be full again (by its own rule: buckets of several rules share the
    // map) carries no state worth keeping.
    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, bucket) in _buckets)
        {
            if (now - bucket.UpdatedAt > bucket.FullAfter)
            {
                _buckets.TryRemove(new KeyValuePair<string, Bucket>(key, bucket));
            }
        }
    }

    private sealed class Bucket(double tokens, DateTimeOffset updatedAt)
    {
        public double Tokens { get; set; } = tokens;

        public DateTimeOffset UpdatedAt { get; set; } = updatedAt;

        public TimeSpan FullAfter { get; set; }
    }
}
