using ChatHub.Conversation.RateLimiting;
using ChatHub.Redis.Connection;
using StackExchange.Redis;

namespace ChatHub.Redis.RateLimiting;

/// <summary>
/// <see cref="IDistributedRateLimiter"/> and the pipeline's <see cref="ITokenBucketLimiter"/> (per person, per
/// conversation) on Redis, so every node draws on the same buckets: each bucket is a hash <c>rate:{key}</c> (<c>t</c> tokens,
/// <c>u</c> last refill in ms, <c>p</c> paused until, ms) that expires once it would be full again. One script refills
/// and takes from all buckets of a call atomically. The time is the caller's <see cref="TimeProvider"/>, passed as an
/// argument: tests drive it by hand, and a node whose clock lags only refills less (elapsed time never goes negative).
/// </summary>
public sealed class RedisRateLimiter : IDistributedRateLimiter, ITokenBucketLimiter
{
    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;
    private readonly TimeProvider _time;

    public RedisRateLimiter(RedisConnection redis, RedisKeyspace keys, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(time);
        _redis = redis;
        _keys = keys;
        _time = time;
    }

    public async ValueTask<TokenBucketDecision> TryAcquireAsync(IReadOnlyList<TokenBucketLimit> buckets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        ArgumentOutOfRangeException.ThrowIfZero(buckets.Count, nameof(buckets));
        var keys = new RedisKey[buckets.Count];
        var args = new RedisValue[1 + (2 * buckets.Count)];
        args[0] = _time.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < buckets.Count; i++)
        {
            var bucket = buckets[i];
            ArgumentNullException.ThrowIfNull(bucket);
            bucket.Validate();
            keys[i] = Key(bucket.Key);
            args[1 + (2 * i)] = Number(bucket.Capacity);
            args[2 + (2 * i)] = Number(bucket.PerSecond);
        }

        var wait = (long)await _redis.Database.ScriptEvaluateAsync(RateLimitScripts.Acquire, keys, args).WaitAsync(cancellationToken);
        return wait <= 0 ? TokenBucketDecision.Granted : new TokenBucketDecision(false, TimeSpan.FromMilliseconds(wait));
    }

    /// <summary>One bucket of the pipeline's limits (<see cref="ITokenBucketLimiter"/>).</summary>
    public async ValueTask<bool> TryAcquireAsync(string key, TokenBucketRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var decision = await TryAcquireAsync([new TokenBucketLimit(key, rule.Capacity, rule.TokensPerSecond)], cancellationToken);
        return decision.Acquired;
    }

    public async ValueTask AcquireAsync(IReadOnlyList<TokenBucketLimit> buckets, CancellationToken cancellationToken)
    {
        while (true)
        {
            var decision = await TryAcquireAsync(buckets, cancellationToken);
            if (decision.Acquired)
            {
                return;
            }

            await Task.Delay(decision.RetryAfter, _time, cancellationToken);
        }
    }

    public async ValueTask PauseAsync(string bucketKey, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(bucketKey);
        if (duration <= TimeSpan.Zero)
        {
            return;
        }

        await _redis.Database.ScriptEvaluateAsync(
            RateLimitScripts.Pause,
            [Key(bucketKey)],
            [_time.GetUtcNow().ToUnixTimeMilliseconds(), (long)Math.Ceiling(duration.TotalMilliseconds)]).WaitAsync(cancellationToken);
    }

    private RedisKey Key(string bucketKey) => _keys.Key("rate", bucketKey);

    private static string Number(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
