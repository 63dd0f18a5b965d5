using ChatHub.Conversation.Idempotency;
using ChatHub.Redis.Connection;
using ChatHub.Resp;

namespace ChatHub.Redis.Conversation;

/// <summary>Idempotency keys on Redis: <c>SET idem:{key} 1 NX PX ttl</c> claims, <c>DEL</c> releases.</summary>
public sealed class RedisIdempotencyStore : IIdempotencyStore
{
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
        return await _redis.Client.SetAsync(_keys.Key("idem", key), "1", ttl, RespSetCondition.IfNotExists, cancellationToken);
    }

    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken) =>
        await _redis.Client.DeleteAsync(_keys.Key("idem", key), cancellationToken);
}
