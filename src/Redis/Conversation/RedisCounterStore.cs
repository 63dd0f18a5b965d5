using ChatHub.Conversation.Counters;
using ChatHub.Redis.Connection;
using ChatHub.Resp;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// Fixed-window counters on Redis (<c>counter:{key}</c>): INCR, and PEXPIRE when the window starts. One script, because
/// <c>EXPIRE NX</c> is Redis 7 only and garnet-server lacks it; it also sets an expiry that a crash between two
/// separate commands would have left out.
/// </summary>
public sealed class RedisCounterStore : ICounterStore
{
    private static readonly RespScript Increment = new("""
        local count = redis.call('INCR', KEYS[1])
        if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return count
        """);

    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;

    public RedisCounterStore(RedisConnection redis, RedisKeyspace keys)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        _redis = redis;
        _keys = keys;
    }

    public async ValueTask<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var reply = await _redis.Client.EvalAsync(Increment, [Key(key)], [(long)Math.Ceiling(window.TotalMilliseconds)], cancellationToken);
        return reply.AsInt64();
    }

    public async ValueTask<long> GetAsync(string key, CancellationToken cancellationToken) =>
        await _redis.Client.GetAsync(Key(key), cancellationToken) is { } text ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;

    public async ValueTask ResetAsync(string key, CancellationToken cancellationToken) =>
        await _redis.Client.DeleteAsync(Key(key), cancellationToken);

    private string Key(string key) => _keys.Key("counter", key);
}
