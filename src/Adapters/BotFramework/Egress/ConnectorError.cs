namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>A failed call: its kind, a short description (never a token or message text), the HTTP status and Retry-After.</summary>
internal sealed record ConnectorError(ConnectorErrorKind Kind, string Description, int? StatusCode = null, TimeSpan? RetryAfter = null)
{
    /// <summary>Worth retrying inside this send.</summary>
    public bool IsRetryable => Kind is ConnectorErrorKind.RateLimited or ConnectorErrorKind.Retryable or ConnectorErrorKind.Timeout or ConnectorErrorKind.Network;

    /// <summary>Worth retrying later (the bus retries a transient final reply).</summary>
    public bool IsTransient => IsRetryable || Kind is ConnectorErrorKind.ServerError or ConnectorErrorKind.InvalidResponse or ConnectorErrorKind.OverBudget;

    public static ConnectorErrorKind Classify(int status) => status switch
    {
        429 => ConnectorErrorKind.RateLimited,
        412 or 502 or 503 or 504 => ConnectorErrorKind.Retryable,
        401 => ConnectorErrorKind.Unauthorized,
        403 => ConnectorErrorKind.Forbidden,
        404 => ConnectorErrorKind.NotFound,
        >= 500 => ConnectorErrorKind.ServerError,
        _ => ConnectorErrorKind.BadRequest,
    };

    public override string ToString() => StatusCode is { } code ? $"{code} {Description}" : Description;
}
