namespace ChatHub.Adapters.BotFramework.Api;

/// <summary>A failed call: its kind, a short description (never a token or message text), the HTTP status and Retry-After.</summary>
internal sealed record BotFrameworkError(BotFrameworkErrorKind Kind, string Description, int? StatusCode = null, TimeSpan? RetryAfter = null)
{
    /// <summary>Worth retrying inside this send.</summary>
    public bool IsRetryable => Kind is BotFrameworkErrorKind.RateLimited or BotFrameworkErrorKind.Retryable or BotFrameworkErrorKind.Timeout or BotFrameworkErrorKind.Network;

    /// <summary>Worth retrying later (the bus retries a transient final reply).</summary>
    public bool IsTransient => IsRetryable || Kind is BotFrameworkErrorKind.ServerError or BotFrameworkErrorKind.InvalidResponse or BotFrameworkErrorKind.OverBudget;

    public static BotFrameworkErrorKind Classify(int status) => status switch
    {
        429 => BotFrameworkErrorKind.RateLimited,
        412 or 502 or 503 or 504 => BotFrameworkErrorKind.Retryable,
        401 => BotFrameworkErrorKind.Unauthorized,
        403 => BotFrameworkErrorKind.Forbidden,
        404 => BotFrameworkErrorKind.NotFound,
        >= 500 => BotFrameworkErrorKind.ServerError,
        _ => BotFrameworkErrorKind.BadRequest,
    };

    public override string ToString() => StatusCode is { } code ? $"{code} {Description}" : Description;
}
