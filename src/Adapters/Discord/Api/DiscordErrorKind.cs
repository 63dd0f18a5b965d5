namespace ChatHub.Adapters.Discord.Api;

/// <summary>What went wrong with a REST call, as a value (YARP's ForwarderError style).</summary>
internal enum DiscordErrorKind
{
    /// <summary>429, or the bucket is known to be empty: wait <see cref="DiscordError.RetryAfter"/>, then retry.</summary>
    RateLimited = 1,

    /// <summary>5xx, or a proxy's non-JSON error page.</summary>
    ServerError,

    /// <summary>No answer within the request timeout (not the caller's cancellation).</summary>
    Timeout,

    /// <summary>The connection failed.</summary>
    Network,

    /// <summary>A 2xx answer that could not be read.</summary>
    InvalidResponse,

    /// <summary>400: bad parameters (e.g. 50035 invalid form body).</summary>
    BadRequest,

    /// <summary>401: the token is wrong.</summary>
    Unauthorized,

    /// <summary>403: missing access or permissions (e.g. 50001, 50013), or the user does not accept DMs (50007).</summary>
    Forbidden,

    /// <summary>404: unknown channel (10003) or message (10008).</summary>
    NotFound,

    /// <summary>Any other status.</summary>
    Other,
}
