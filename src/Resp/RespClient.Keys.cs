namespace ChatHub.Resp;

/// <summary>Strings, keys and expiry.</summary>
public sealed partial class RespClient
{
    /// <summary>PING; returns the server's answer (<c>PONG</c>).</summary>
    public async Task<string> PingAsync(CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("PING", cancellationToken).ConfigureAwait(false)).AsString() ?? string.Empty;

    /// <summary>GET as UTF-8 text; null when the key does not exist.</summary>
    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("GET", [key], cancellationToken).ConfigureAwait(false)).AsString();

    /// <summary>GET as bytes; null when the key does not exist.</summary>
    public async Task<byte[]?> GetBytesAsync(string key, CancellationToken cancellationToken = default)
    {
        var value = await ExecuteAsync("GET", [key], cancellationToken).ConfigureAwait(false);
        return value.IsNull ? null : value.Bytes.ToArray();
    }

    /// <summary>
    /// SET with an optional expiry (EX for whole seconds, PX otherwise) and condition (NX/XX). Returns whether the
    /// value was written (always true without a condition).
    /// </summary>
    public async Task<bool> SetAsync(
        string key,
        RespArg value,
        TimeSpan? expiry = null,
        RespSetCondition condition = RespSetCondition.Always,
        CancellationToken cancellationToken = default)
    {
        var args = new List<RespArg>(5) { key, value };
        if (expiry is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero, nameof(expiry));
            args.AddRange(ttl.Ticks % TimeSpan.TicksPerSecond == 0
                ? ["EX", (long)ttl.TotalSeconds]
                : ["PX", (long)Math.Ceiling(ttl.TotalMilliseconds)]);
        }

        if (condition != RespSetCondition.Always)
        {
            args.Add(condition == RespSetCondition.IfNotExists ? "NX" : "XX");
        }

        var reply = await ExecuteAsync("SET", args, cancellationToken).ConfigureAwait(false);
        return !reply.IsNull;
    }

    /// <summary>DEL; returns the number of keys removed.</summary>
    public async Task<long> DeleteAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("DEL", Keys(keys), cancellationToken).ConfigureAwait(false)).AsInt64();

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        await DeleteAsync([key], cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>EXISTS; returns how many of the keys exist.</summary>
    public async Task<long> ExistsAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("EXISTS", Keys(keys), cancellationToken).ConfigureAwait(false)).AsInt64();

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        await ExistsAsync([key], cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>EXPIRE for whole seconds, PEXPIRE otherwise; false when the key does not exist.</summary>
    public async Task<bool> ExpireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        var reply = expiry.Ticks % TimeSpan.TicksPerSecond == 0
            ? await ExecuteAsync("EXPIRE", [key, (long)expiry.TotalSeconds], cancellationToken).ConfigureAwait(false)
            : await ExecuteAsync("PEXPIRE", [key, (long)Math.Ceiling(expiry.TotalMilliseconds)], cancellationToken).ConfigureAwait(false);
        return reply.AsInt64() == 1;
    }

    /// <summary>TTL in seconds: -2 when the key does not exist, -1 when it has no expiry.</summary>
    public async Task<long> TtlAsync(string key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("TTL", [key], cancellationToken).ConfigureAwait(false)).AsInt64();

    /// <summary>PTTL in milliseconds: -2 when the key does not exist, -1 when it has no expiry.</summary>
    public async Task<long> PttlAsync(string key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("PTTL", [key], cancellationToken).ConfigureAwait(false)).AsInt64();

    public async Task<long> IncrementAsync(string key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("INCR", [key], cancellationToken).ConfigureAwait(false)).AsInt64();

    /// <summary>INCRBY; returns the new value.</summary>
    public async Task<long> IncrementByAsync(string key, long increment, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("INCRBY", [key, increment], cancellationToken).ConfigureAwait(false)).AsInt64();

    /// <summary>PUBLISH; returns how many subscribers received the message.</summary>
    public async Task<long> PublishAsync(string channel, RespArg message, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("PUBLISH", [channel, message], cancellationToken).ConfigureAwait(false)).AsInt64();

    private static RespArg[] Keys(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentOutOfRangeException.ThrowIfZero(keys.Count, nameof(keys));
        var args = new RespArg[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            args[i] = keys[i];
        }

        return args;
    }
}
