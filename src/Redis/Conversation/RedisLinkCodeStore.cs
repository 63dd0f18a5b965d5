using System.Text.Json;
using ChatHub.Conversation.Linking;
using ChatHub.Redis.Connection;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// Link codes on Redis: <c>link:code:{selector}</c> holds the code (JSON), written with <c>SET NX</c> (<see cref="When.NotExists"/>) and an expiry at
/// <see cref="LinkCode.ExpiresAt"/>; <c>link:used:{selector}</c> marks it used, set by a script only while the code
/// exists and with the code's remaining lifetime, so exactly one caller wins.
/// </summary>
public sealed class RedisLinkCodeStore : ILinkCodeStore
{
    private const string MarkUsed = """
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl <= 0 then return 0 end
        if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ttl) then return 1 end
        return 0
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
        if (ttl <= TimeSpan.Zero)
        {
            return true; // already expired: stored and gone at once, as in memory
        }

        var json = JsonSerializer.Serialize(code, RedisJsonContext.Default.LinkCode);
        return await _redis.Database.StringSetAsync(CodeKey(code.Selector), json, RoundUp(ttl), When.NotExists).WaitAsync(cancellationToken);
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

    private static TimeSpan RoundUp(TimeSpan ttl) => TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(ttl.TotalMilliseconds)));

    private RedisKey CodeKey(string selector) => _keys.Key("link:code", selector);

    private RedisKey UsedKey(string selector) => _keys.Key("link:used", selector);
}
