using ChatHub.Resp;

namespace ChatHub.Redis.Tests.Backends;

/// <summary>
/// Makes a server's TTLs follow a manual clock: advancing by Δ deletes the keys with at most Δ left and shortens the
/// others by Δ, which is exactly what Redis would have done had Δ passed. Only for tests (KEYS walks the keyspace).
/// </summary>
public static class ServerClock
{
    public static async Task AdvanceAsync(RespClient client, string prefix, TimeSpan by)
    {
        var keys = await client.ExecuteAsync("KEYS", [prefix + "*"]).DefaultTimeout();
        var elapsed = (long)by.TotalMilliseconds;
        foreach (var item in keys.Items)
        {
            var key = item.AsString()!;
            var left = await client.PttlAsync(key).DefaultTimeout();
            if (left < 0)
            {
                continue; // no expiry, or already gone
            }

            if (left <= elapsed)
            {
                await client.DeleteAsync(key).DefaultTimeout();
            }
            else
            {
                await client.ExecuteAsync("PEXPIRE", [key, left - elapsed]).DefaultTimeout();
            }
        }
    }
}
