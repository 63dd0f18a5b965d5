using ChatHub.Conversation.Uploads;
using ChatHub.Redis.Connection;
using StackExchange.Redis;

namespace ChatHub.Redis.WebChat;

/// <summary>
/// The web chat's uploads of one kind (<see cref="UploadKind"/>: pictures, voice messages) on Redis, so the node that
/// took an upload and the worker that reads it need not be the same process. Per kind (<c>{area}</c>:
/// <c>uploads:images</c>, <c>uploads:voice</c>):
/// <c>{area}:file:{id}</c> is a hash (owner, type, bytes, expiry) that expires with the upload;
/// <c>{area}:owner:{channel}:{owner}</c> a sorted set of the owner's ids by expiry (the per-conversation bound, and
/// erasure); <c>{area}:all</c> every id by expiry with <c>{area}:sizes</c> (id → bytes) and <c>{area}:total</c> (the
/// bytes held: the store's bound, with expired ids subtracted by the next put). Each operation is one script, so the
/// bounds hold with several nodes putting at once.
/// </summary>
public sealed class RedisUploadStore : IUploadStore
{
    // KEYS: 1 file, 2 owner set, 3 all, 4 sizes, 5 total. ARGV: 1 now (ms), 2 expires (ms), 3 ttl (ms), 4 per owner,
    // 5 max total bytes, 6 size, 7 id, 8 owner, 9 media type, 10 bytes. Returns 0 stored, 1 owner full, 2 store full.
    private const string Put = """
        local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[1])
        for _, id in ipairs(expired) do
          local size = redis.call('HGET', KEYS[4], id)
          if size then
            redis.call('DECRBY', KEYS[5], size)
            redis.call('HDEL', KEYS[4], id)
          end
        end
        if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[1]) end
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
        if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[4]) then return 1 end
        if tonumber(redis.call('GET', KEYS[5]) or '0') + tonumber(ARGV[6]) > tonumber(ARGV[5]) then return 2 end
        redis.call('HSET', KEYS[1], 'owner', ARGV[8], 'type', ARGV[9], 'bytes', ARGV[10], 'expires', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[7])
        redis.call('PEXPIRE', KEYS[2], ARGV[3])
        redis.call('ZADD', KEYS[3], ARGV[2], ARGV[7])
        redis.call('HSET', KEYS[4], ARGV[7], ARGV[6])
        redis.call('INCRBY', KEYS[5], ARGV[6])
        return 0
        """;

    // KEYS: 1 owner set, 2 all, 3 sizes, 4 total. ARGV: 1 the file keys' prefix. Returns how many live uploads went.
    private const string RemoveOwner = """
        local removed = 0
        for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
          removed = removed + redis.call('DEL', ARGV[1] .. id)
          local size = redis.call('HGET', KEYS[3], id)
          if size then
            redis.call('DECRBY', KEYS[4], size)
            redis.call('HDEL', KEYS[3], id)
          end
          redis.call('ZREM', KEYS[2], id)
        end
        redis.call('DEL', KEYS[1])
        return removed
        """;

    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;
    private readonly UploadKind _kind;
    private readonly string _area;
    private readonly TimeProvider _time;

    /// <summary>The store of <paramref name="kind"/> under the key area <c>uploads:{kind.Key}</c>, with its bounds.</summary>
    public RedisUploadStore(RedisConnection redis, RedisKeyspace keys, UploadKind kind, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(kind);
        _redis = redis;
        _keys = keys;
        _kind = kind;
        _area = "uploads:" + kind.Key;
        _time = time;
    }

    public async ValueTask<UploadResult> PutAsync(string channel, string owner, byte[] bytes, string mediaType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var now = _time.GetUtcNow();
        var upload = new StoredUpload(_kind.NewId(), mediaType, bytes, now + _kind.Ttl);
        var reply = (long)await _redis.Database.ScriptEvaluateAsync(
            Put,
            [FileKey(upload.Id), OwnerKey(channel, owner), AllKey, SizesKey, TotalKey],
            [now.ToUnixTimeMilliseconds(), upload.ExpiresAt.ToUnixTimeMilliseconds(), (long)Math.Ceiling(_kind.Ttl.TotalMilliseconds), _kind.PerOwner, _kind.MaxBytes,
             bytes.Length, upload.Id, Owner(channel, owner), mediaType, bytes]).WaitAsync(cancellationToken);
        return reply switch
        {
            0 => UploadResult.Stored(upload),
            1 => UploadResult.OwnerFull(_kind),
            _ => UploadResult.StoreFull(_kind),
        };
    }

    public async ValueTask<StoredUpload?> GetAsync(string channel, string owner, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!id.StartsWith(_kind.IdPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var fields = await _redis.Database.HashGetAsync(FileKey(id), ["owner", "type", "bytes", "expires"]).WaitAsync(cancellationToken);
        if (fields[0].IsNull || fields[0].ToString() != Owner(channel, owner) || fields[1].IsNull || fields[2].IsNull || !fields[3].TryParse(out long expires))
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(expires);
        return expiresAt <= _time.GetUtcNow() ? null : new StoredUpload(id, fields[1].ToString(), (byte[])fields[2]!, expiresAt);
    }

    public async ValueTask<int> RemoveOwnerAsync(string channel, string owner, CancellationToken cancellationToken) =>
        (int)(long)await _redis.Database.ScriptEvaluateAsync(
            RemoveOwner, [OwnerKey(channel, owner), AllKey, SizesKey, TotalKey], [_keys.Key(_area + ":file", "")]).WaitAsync(cancellationToken);

    private static string Owner(string channel, string owner) => channel + ":" + owner;

    private RedisKey FileKey(string id) => _keys.Key(_area + ":file", id);

    private RedisKey OwnerKey(string channel, string owner) => _keys.Key(_area + ":owner", Owner(channel, owner));

    private RedisKey AllKey => _keys.Key(_area + ":all");

    private RedisKey SizesKey => _keys.Key(_area + ":sizes");

    private RedisKey TotalKey => _keys.Key(_area + ":total");
}
