namespace ChatHub.Resp.Protocol;

/// <summary>Caps that the frame scanner enforces, so that a broken or hostile server cannot make the client buffer without bound.</summary>
public sealed record RespReaderOptions
{
    /// <summary>The defaults: 512 MB bulk strings (Redis's own limit), 16M aggregate elements, depth 64, 64 KB lines.</summary>
    public static RespReaderOptions Default { get; } = new();

    /// <summary>Largest bulk string, bulk error or verbatim string payload, in bytes.</summary>
    public int MaxBulkLength { get; init; } = 512 * 1024 * 1024;

    /// <summary>Most elements in one array, set or push; most key/value pairs in one map or attribute.</summary>
    public int MaxAggregateLength { get; init; } = 16 * 1024 * 1024;

    /// <summary>Deepest nesting of aggregates (a top-level array is depth 1).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Longest line (simple string, error, number) excluding its CRLF, in bytes.</summary>
    public int MaxLineLength { get; init; } = 64 * 1024;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> if a cap is not positive.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBulkLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxAggregateLength);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxLineLength);
    }
}
