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

        while (true)
        {
            var bucket = _buckets.GetOrAdd(key, static (_, state) => new Bucket(state.rule.Capacity, state.now), (rule, now));
            lock (bucket)
            {
                if (bucket.Swept)
                {
                    continue; // the sweep took it out after we found it: its tokens are gone with it, use the map's
                }

                return ValueTask.FromResult(TryTake(bucket, rule, now));
            }
        }
    }

    private static bool TryTake(Bucket bucket, TokenBucketRule rule, DateTimeOffset now)
    {
        bucket.FullAfter = TimeSpan.FromTicks(rule.RefillEvery.Ticks * rule.Capacity);
        var refill = (now - bucket.UpdatedAt).TotalSeconds * rule.TokensPerSecond;
        bucket.Tokens = Math.Min(rule.Capacity, bucket.Tokens + Math.Max(0, refill));
        bucket.UpdatedAt = now;
        if (bucket.Tokens < 1)
        {
            return false;
        }

        bucket.Tokens -= 1;
        return true;
    }

    // A bucket that has been idle long enough to be full again (by its own rule: buckets of several rules share the
    // map) carries no state worth keeping. Decided and marked under the bucket's lock, so a caller that found it before
    // it left the map never takes a token from it (it would be counted twice: once there, once in the new bucket).
    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, bucket) in _buckets)
        {
            lock (bucket)
            {
                if (now - bucket.UpdatedAt > bucket.FullAfter)
                {
                    bucket.Swept = true;
                    _buckets.TryRemove(new KeyValuePair<string, Bucket>(key, bucket));
                }
            }
        }
    }

    private sealed class Bucket(double tokens, DateTimeOffset updatedAt)
    {
        public double Tokens { get; set; } = tokens;

        public DateTimeOffset UpdatedAt { get; set; } = updatedAt;

        public TimeSpan FullAfter { get; set; }

        /// <summary>Taken out of the map by the sweep: whoever holds it looks the key up again.</summary>
        public bool Swept { get; set; }
    }
}
