using System.Text.Json;
using ChatHub.Conversation.Linking;
using ChatHub.Redis.Connection;
using ChatHub.Resp;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// Link codes on Redis: <c>link:code:{selector}</c> holds the code (JSON), written with <c>SET NX</c> and an expiry at
/// <see cref="LinkCode.ExpiresAt"/>; <c>link:used:{selector}</c> marks it used, set by a script only while the code
/// exists and with the code's remaining lifetime, so exactly one caller wins.
/// </summary>
public sealed class RedisLinkCodeStore : ILinkCodeStore
{
    private static readonly RespScript MarkUsed = new("""
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl <= 0 then return 0 end
        if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ttl) then return 1 end
        return 0
        """);

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
        return await _redis.Client.SetAsync(CodeKey(code.Selector), json, ttl, RespSetCondition.IfNotExists, cancellationToken);
    }

    public async ValueTask<(LinkCode Code, bool Used)?> GetAsync(string selector, CancellationToken cancellationToken)
    {
        var reply = await _redis.Client.ExecuteAsync("MGET", [CodeKey(selector), UsedKey(selector)], cancellationToken);
        if (reply.Items[0].AsString() is not { } json)
        {
            return null;
        }

        return (JsonSerializer.Deserialize(json, RedisJsonContext.Default.LinkCode)!, !reply.Items[1].IsNull);
    }

    public async ValueTask<bool> TryMarkUsedAsync(string selector, CancellationToken cancellationToken) =>
        (await _redis.Client.EvalAsync(MarkUsed, [CodeKey(selector), UsedKey(selector)], [], cancellationToken)).AsInt64() == 1;

    public async ValueTask RemoveAsync(string selector, CancellationToken cancellationToken) =>
        await _redis.Client.DeleteAsync([CodeKey(selector), UsedKey(selector)], cancellationToken);

    private string CodeKey(string selector) => _keys.Key("link:code", selector);

    private string UsedKey(string selector) => _keys.Key("link:used", selector);
}
