using StackExchange.Redis;

namespace ChatHub.Redis.Tests.Backends;

/// <summary>
/// Makes a server's TTLs follow a manual clock: advancing by Δ deletes the keys with at most Δ left and shortens the
/// others by Δ, which is exactly what Redis would have done had Δ passed. Only for tests (KEYS walks the keyspace).
/// </summary>
public static class ServerClock
{
    public static async Task AdvanceAsync(IDatabase database, string prefix, TimeSpan by)
    {
        var keys = (RedisResult[])(await database.ExecuteAsync("KEYS", prefix + "*").DefaultTimeout())!;
        var elapsed = (long)by.TotalMilliseconds;
        foreach (var item in keys)
        {
            var key = (RedisKey)(string)item!;
            var left = (long)await database.ExecuteAsync("PTTL", key).DefaultTimeout();
            if (left < 0)
            {
                continue; // no expiry, or already gone
            }

            if (left <= elapsed)
            {
                await database.KeyDeleteAsync(key).DefaultTimeout();
            }
            else
            {
                await database.KeyExpireAsync(key, TimeSpan.FromMilliseconds(left - elapsed)).DefaultTimeout();
            }
        }
    }
}
