namespace ChatHub.Adapters.Telegram.Api;

/// <summary>A failed Bot API call. <see cref="Description"/> is Telegram's text (never message text or the token).</summary>
internal sealed record TelegramError(
    TelegramErrorKind Kind,
    string Description,
    int? ErrorCode = null,
    TimeSpan? RetryAfter = null,
    long? MigrateToChatId = null)
{
    /// <summary>Worth retrying: rate limits, server errors, timeouts, network failures, garbled answers.</summary>
    public bool IsTransient => Kind is TelegramErrorKind.RateLimited or TelegramErrorKind.ServerError or TelegramErrorKind.Timeout
        or TelegramErrorKind.Network or TelegramErrorKind.InvalidResponse;

    /// <summary>For logs and dead letters: "403 Forbidden: bot was blocked by the user".</summary>
    public override string ToString() => ErrorCode is { } code ? $"{code} {Description}" : $"{Kind}: {Description}";
}
