namespace ChatHub.Adapters.Telegram.Api;

/// <summary>What went wrong with a Bot API call, as a value (YARP's ForwarderError style).</summary>
internal enum TelegramErrorKind
{
    /// <summary>429: wait <see cref="TelegramError.RetryAfter"/>, then retry.</summary>
    RateLimited = 1,

    /// <summary>5xx, or a proxy's non-JSON error page.</summary>
    ServerError,

    /// <summary>No answer within the request timeout (not the caller's cancellation).</summary>
    Timeout,

    /// <summary>The connection failed.</summary>
    Network,

    /// <summary>A 2xx answer that is not a Bot API response.</summary>
    InvalidResponse,

    /// <summary>400 "message is not modified": an edit to identical text; harmless.</summary>
    NotModified,

    /// <summary>The group became a supergroup: resend to <see cref="TelegramError.MigrateToChatId"/>.</summary>
    Migrated,

    /// <summary>400 (chat not found, bad parameters).</summary>
    BadRequest,

    /// <summary>401: the token is wrong.</summary>
    Unauthorized,

    /// <summary>403: the bot was blocked or kicked.</summary>
    Forbidden,

    /// <summary>404 (Telegram answers it for a wrong token or method).</summary>
    NotFound,

    /// <summary>409: another getUpdates poller, or a webhook is set.</summary>
    Conflict,

    /// <summary>Any other error code.</summary>
    Other,
}
