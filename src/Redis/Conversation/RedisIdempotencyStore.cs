using ChatHub.Conversation.Idempotency;
using ChatHub.Redis.Connection;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// Idempotency keys on Redis, one string per key at <c>idem:{key}</c>: a claim is <c>SET … 1 NX PX ttl</c> (<see cref="When.NotExists"/>) (released
/// with <c>DEL</c>); a lease is <c>lease:{owner}</c> and a done marker <c>done</c>, each with its expiry. Taking a
/// lease and releasing one are scripts, so that "done / held / free" is decided atomically and a late release never
/// removes another owner's lease or a done marker.
/// </summary>
public sealed class RedisIdempotencyStore : IIdempotencyStore
{
    private const string DoneValue = "done";
    private const string LeasePrefix = "lease:";

    // Returns 0 = acquired (also: renewed, when the live lease is this owner's), 1 = held, 2 = done.
    private const string AcquireLease = """
        local v = redis.call('GET', KEYS[1])
        if v == 'done' then return 2 end
        if v and v ~= ARGV[1] then return 1 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 0
        """;

    private const string ReleaseOwnLease = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;

    public RedisIdempotencyStore(RedisConnection redis, RedisKeyspace keys)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        _redis = redis;
        _keys = keys;
    }

    public async ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return await _redis.Database.StringSetAsync(Key(key), "1", Positive(ttl), When.NotExists).WaitAsync(cancellationToken);
    }

    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken) =>
        await _redis.Database.KeyDeleteAsync(Key(key)).WaitAsync(cancellationToken);

    public async ValueTask<bool> IsDoneAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return await _redis.Database.StringGetAsync(Key(key)).WaitAsync(cancellationToken) == DoneValue;
    }

    public async ValueTask<LeaseOutcome> TryAcquireLeaseAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var reply = await _redis.Database.ScriptEvaluateAsync(
            AcquireLease, [Key(key)], [LeasePrefix + owner, Milliseconds(lease)]).WaitAsync(cancellationToken);
        return (long)reply switch
        {
            0 => LeaseOutcome.Acquired,
            2 => LeaseOutcome.Done,
            _ => LeaseOutcome.Held,
        };
    }

    public async ValueTask MarkDoneAsync(string key, TimeSpan retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await _redis.Database.StringSetAsync(Key(key), DoneValue, Positive(retention), When.Always).WaitAsync(cancellationToken);
    }

    public async ValueTask ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await _redis.Database.ScriptEvaluateAsync(ReleaseOwnLease, [Key(key)], [LeasePrefix + owner]).WaitAsync(cancellationToken);
    }

    private static long Milliseconds(TimeSpan ttl) => Math.Max(1, (long)Math.Ceiling(ttl.TotalMilliseconds));

    /// <summary>At least a millisecond: <c>SET PX 0</c> is an error.</summary>
    private static TimeSpan Positive(TimeSpan ttl) => TimeSpan.FromMilliseconds(Milliseconds(ttl));

    private RedisKey Key(string key) => _keys.Key("idem", key);
}
