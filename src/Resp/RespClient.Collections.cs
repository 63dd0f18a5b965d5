namespace ChatHub.Resp;

/// <summary>Hashes and lists.</summary>
public sealed partial class RespClient
{
    /// <summary>HGET as text; null when the key or field does not exist.</summary>
    public async Task<string?> HashGetAsync(string key, string field, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("HGET", [key, field], cancellationToken).ConfigureAwait(false)).AsString();

    /// <summary>HSET of one field; true when the field is new.</summary>
    public async Task<bool> HashSetAsync(string key, string field, RespArg value, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("HSET", [key, field, value], cancellationToken).ConfigureAwait(false)).AsInt64() == 1;

    /// <summary>HSET of several fields; returns how many are new.</summary>
    public async Task<long> HashSetAsync(
        string key, IReadOnlyCollection<KeyValuePair<string, RespArg>> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentOutOfRangeException.ThrowIfZero(fields.Count, nameof(fields));
        var args = new List<RespArg>(1 + (fields.Count * 2)) { key };
        foreach (var (field, value) in fields)
        {
            args.Add(field);
            args.Add(value);
        }

        return (await ExecuteAsync("HSET", args, cancellationToken).ConfigureAwait(false)).AsInt64();
    }

    /// <summary>HDEL; returns how many fields were removed.</summary>
    public async Task<long> HashDeleteAsync(string key, IReadOnlyList<string> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var args = new RespArg[fields.Count + 1];
        args[0] = key;
        for (var i = 0; i < fields.Count; i++)
        {
            args[i + 1] = fields[i];
        }

        return (await ExecuteAsync("HDEL", args, cancellationToken).ConfigureAwait(false)).AsInt64();
    }

    /// <summary>HGETALL as text; empty when the key does not exist. Reads RESP2 (flat array) and RESP3 (map) replies.</summary>
    public async Task<Dictionary<string, string>> HashGetAllAsync(string key, CancellationToken cancellationToken = default)
    {
        var reply = await ExecuteAsync("HGETALL", [key], cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in reply.AsPairs())
        {
            result[field.AsString() ?? string.Empty] = value.AsString() ?? string.Empty;
        }

        return result;
    }

    /// <summary>LPUSH; returns the list's new length.</summary>
    public Task<long> ListLeftPushAsync(string key, IReadOnlyList<RespArg> values, CancellationToken cancellationToken = default) =>
        PushAsync("LPUSH", key, values, cancellationToken);

    /// <summary>RPUSH; returns the list's new length.</summary>
    public Task<long> ListRightPushAsync(string key, IReadOnlyList<RespArg> values, CancellationToken cancellationToken = default) =>
        PushAsync("RPUSH", key, values, cancellationToken);

    /// <summary>LRANGE as text (inclusive indexes; negative ones count from the end).</summary>
    public async Task<string[]> ListRangeAsync(string key, long start, long stop, CancellationToken cancellationToken = default)
    {
        var reply = await ExecuteAsync("LRANGE", [key, start, stop], cancellationToken).ConfigureAwait(false);
        var items = new string[reply.Items.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = reply.Items[i].AsString() ?? string.Empty;
        }

        return items;
    }

    /// <summary>LTRIM: keeps only the elements from <paramref name="start"/> to <paramref name="stop"/>.</summary>
    public Task ListTrimAsync(string key, long start, long stop, CancellationToken cancellationToken = default) =>
        ExecuteAsync("LTRIM", [key, start, stop], cancellationToken);

    private async Task<long> PushAsync(string command, string key, IReadOnlyList<RespArg> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfZero(values.Count, nameof(values));
        var args = new RespArg[values.Count + 1];
        args[0] = key;
        for (var i = 0; i < values.Count; i++)
        {
            args[i + 1] = values[i];
        }

        return (await ExecuteAsync(command, args, cancellationToken).ConfigureAwait(false)).AsInt64();
    }
}
