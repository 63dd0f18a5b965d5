namespace ChatHub.Adapters.BotFramework.Api;

/// <summary>Why a Bot Connector or token endpoint call failed, classified for retries and dead-lettering.</summary>
internal enum BotFrameworkErrorKind
{
    /// <summary>429: retried after Retry-After.</summary>
    RateLimited = 0,

    /// <summary>412, 502, 503, 504: retried with backoff (Retry-After honoured when given).</summary>
    Retryable,

    /// <summary>Another 5xx: transient, but not retried inside the send (the post may have gone through); the bus retries.</summary>
    ServerError,

    /// <summary>No answer within the request timeout: retried.</summary>
    Timeout,

    /// <summary>Connection failures: retried.</summary>
    Network,

    /// <summary>401 (after one token renewal), or the token endpoint refused the credentials: permanent.</summary>
    Unauthorized,

    /// <summary>403: the bot may not post here (removed, blocked, not installed): permanent.</summary>
    Forbidden,

    /// <summary>404: the conversation or activity is gone: permanent.</summary>
    NotFound,

    /// <summary>Other 4xx (400 bad request, 413 too large): permanent.</summary>
    BadRequest,

    /// <summary>The service URL is not allowed, or not a URL (never sent the token): permanent.</summary>
    NotAllowed,

    /// <summary>A 2xx answer that could not be read.</summary>
    InvalidResponse,

    /// <summary>Our own outbound budget had no room within <c>BudgetMaxWait</c>: nothing was posted; transient (the bus retries).</summary>
    OverBudget,
}
