using System.Text.Json;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Redis.Connection;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// Link codes on Redis: <c>link:code:{selector}</c> holds the code (JSON) with an expiry at <see cref="LinkCode.ExpiresAt"/>;
/// <c>link:used:{selector}</c> marks it used, set by a script only while the code exists and with the code's remaining
/// lifetime, so exactly one caller wins; <c>link:issuer:{channel:userId}</c> names the issuer's live code, so a new code
/// replaces the last one and erasure finds it. Every operation touches a fixed number of keys.
/// </summary>
public sealed class RedisLinkCodeStore : ILinkCodeStore
{
    private const string MarkUsed = """
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl <= 0 then return 0 end
        if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ttl) then return 1 end
        return 0
        """;

    /// <summary>
    /// KEYS: code:{new}, issuer, code:{previous}, used:{previous}. ARGV: json, ttl ms, new selector, previous selector as
    /// read ('' if none). Returns 1 when added, 0 when the selector is taken, -1 when the issuer's code changed since it
    /// was read (the caller reads again).
    /// </summary>
    private const string Add = """
        local previous = redis.call('GET', KEYS[2]) or ''
        if previous ~= ARGV[4] then return -1 end
        if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
        if previous ~= '' and previous ~= ARGV[3] then redis.call('DEL', KEYS[3], KEYS[4]) end
        redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
        return 1
        """;

    /// <summary>KEYS: issuer, code, used. ARGV: selector as read. Returns 1 when a live code was removed.</summary>
    private const string RemoveIssued = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1])
        local removed = redis.call('DEL', KEYS[2])
        redis.call('DEL', KEYS[3])
        return removed
        """;

    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;
    private readonly TimeProvider _time;

    public RedisLinkCodeStore(RedisConnection redis, RedisKeyspace keys, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(time);
        _redis = redis;
        _keys = keys;
        _time = time;
    }

    public async ValueTask<bool> TryAddAsync(LinkCode code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var ttl = code.ExpiresAt - _time.GetUtcNow();
        var issuer = IssuerKey(code.Issuer);
        if (ttl <= TimeSpan.Zero)
        {
            await RemoveIssuedByAsync(code.Issuer, cancellationToken);
            return true; // already expired: stored and gone at once (replacing the issuer's last code), as in memory
        }

        var json = JsonSerializer.Serialize(code, RedisJsonContext.Default.LinkCode);
        var ttlMs = (long)Math.Ceiling(ttl.TotalMilliseconds);
        while (true)
        {
            // The script must be given the previous code's keys: read the issuer's selector first, retry if it moved.
            var read = await _redis.Database.StringGetAsync(issuer).WaitAsync(cancellationToken);
            var previous = read.IsNull ? "" : read.ToString();
            var result = (long)await _redis.Database.ScriptEvaluateAsync(
                Add, [CodeKey(code.Selector), issuer, CodeKey(previous), UsedKey(previous)], [json, ttlMs, code.Selector, previous])
                .WaitAsync(cancellationToken);
            if (result >= 0)
            {
                return result == 1;
            }
        }
    }

    public async ValueTask<(LinkCode Code, bool Used)?> GetAsync(string selector, CancellationToken cancellationToken)
    {
        var values = await _redis.Database.StringGetAsync([CodeKey(selector), UsedKey(selector)]).WaitAsync(cancellationToken);
        if (values[0].IsNull)
        {
            return null;
        }

        return (JsonSerializer.Deserialize(values[0].ToString(), RedisJsonContext.Default.LinkCode)!, !values[1].IsNull);
    }

    public async ValueTask<bool> TryMarkUsedAsync(string selector, CancellationToken cancellationToken) =>
        (long)await _redis.Database.ScriptEvaluateAsync(MarkUsed, [CodeKey(selector), UsedKey(selector)]).WaitAsync(cancellationToken) == 1;

    public async ValueTask RemoveAsync(string selector, CancellationToken cancellationToken) =>
        await _redis.Database.KeyDeleteAsync([CodeKey(selector), UsedKey(selector)]).WaitAsync(cancellationToken);

    public async ValueTask<int> RemoveIssuedByAsync(PlatformIdentity issuer, CancellationToken cancellationToken)
    {
        var key = IssuerKey(issuer);
        var selector = await _redis.Database.StringGetAsync(key).WaitAsync(cancellationToken);
        if (selector.IsNull)
        {
            return 0;
        }

        return (int)(long)await _redis.Database.ScriptEvaluateAsync(
            RemoveIssued, [key, CodeKey(selector.ToString()), UsedKey(selector.ToString())], [selector]).WaitAsync(cancellationToken);
    }

    private RedisKey CodeKey(string selector) => _keys.Key("link:code", selector);

    private RedisKey UsedKey(string selector) => _keys.Key("link:used", selector);

    private RedisKey IssuerKey(PlatformIdentity issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return _keys.Key("link:issuer", issuer.ToString());
    }
}
