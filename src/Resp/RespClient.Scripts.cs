namespace ChatHub.Resp;

/// <summary>Lua scripts.</summary>
public sealed partial class RespClient
{
    /// <summary>
    /// Runs <paramref name="script"/> with EVALSHA, and with EVAL (which also caches it on the server) when the server
    /// answers NOSCRIPT, e.g. after a restart or SCRIPT FLUSH. Other error replies throw <see cref="RespServerException"/>.
    /// </summary>
    public async Task<RespValue> EvalAsync(
        RespScript script,
        IReadOnlyList<string> keys,
        IReadOnlyList<RespArg> args,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(args);
        var evalArgs = new RespArg[2 + keys.Count + args.Count];
        evalArgs[0] = script.Sha1;
        evalArgs[1] = keys.Count;
        for (var i = 0; i < keys.Count; i++)
        {
            evalArgs[2 + i] = keys[i];
        }

        for (var i = 0; i < args.Count; i++)
        {
            evalArgs[2 + keys.Count + i] = args[i];
        }

        var reply = await _connection.SendAsync("EVALSHA", evalArgs, cancellationToken).ConfigureAwait(false);
        if (reply.IsError && reply.AsString()!.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            evalArgs[0] = script.Text;
            reply = await _connection.SendAsync("EVAL", evalArgs, cancellationToken).ConfigureAwait(false);
        }

        return reply.IsError ? throw reply.ToException() : reply;
    }
}
