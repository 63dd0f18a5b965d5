using ChatHub.Conversation.Counters;
using System.Globalization;
using ChatHub.Redis.Connection;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// Fixed-window counters on Redis (<c>counter:{key}</c>): INCR, and PEXPIRE when the window starts. One script, because
/// <c>EXPIRE NX</c> is Redis 7 only and garnet-server lacks it; it also sets an expiry that a crash between two
/// separate commands would have left out.
/// </summary>
public sealed class RedisCounterStore : ICounterStore
{
    private const string Increment = """
        local count = redis.call('INCR', KEYS[1])
        if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return count
        """;

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
        var reply = await _redis.Database.ScriptEvaluateAsync(Increment, [Key(key)], [(long)Math.Ceiling(window.TotalMilliseconds)])
            .WaitAsync(cancellationToken);
        return (long)reply;
    }

    public async ValueTask<long> GetAsync(string key, CancellationToken cancellationToken)
    {
        var value = await _redis.Database.StringGetAsync(Key(key)).WaitAsync(cancellationToken);
        return value.IsNull ? 0 : long.Parse(value.ToString(), CultureInfo.InvariantCulture);
    }

    public async ValueTask ResetAsync(string key, CancellationToken cancellationToken) =>
        await _redis.Database.KeyDeleteAsync(Key(key)).WaitAsync(cancellationToken);

    private RedisKey Key(string key) => _keys.Key("counter", key);
}
