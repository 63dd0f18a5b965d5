namespace ChatHub.Adapters.WhatsApp.Api;

/// <summary>What a failed Cloud API call means for the caller (from the HTTP status and the Graph error code).</summary>
internal enum WhatsAppErrorKind
{
    /// <summary>HTTP 429, or a throughput limit: 130429 (the number's messages per second), 80007 (the account's), 4 / 613 (the app's call rate).</summary>
    RateLimited = 0,

    /// <summary>131056: too many messages to the same person in a short time (the pair rate limit).</summary>
    PairRateLimited,

    /// <summary>131047: more than 24 hours since the person's last message; only a template can be sent.</summary>
    WindowClosed,

    /// <summary>401, or code 190: the access token is expired, revoked or wrong.</summary>
    Unauthorized,

    /// <summary>5xx, or 1, 2, 131000, 131016: the platform failed; worth retrying.</summary>
    ServerError,

    /// <summary>No answer within the request timeout.</summary>
    Timeout,

    /// <summary>The connection failed.</summary>
    Network,

    /// <summary>Any other 4xx (a bad recipient, a blocked or undeliverable message, a bad parameter): retrying cannot help.</summary>
    Rejected,
}
