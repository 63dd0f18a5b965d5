namespace ChatHub.Adapters.Slack.Api;

/// <summary>What went wrong with a Web API call, as a value.</summary>
internal enum SlackErrorKind
{
    /// <summary>HTTP 429 or <c>ratelimited</c>, or the local budget is empty: wait <see cref="SlackError.RetryAfter"/>, then retry.</summary>
    RateLimited = 1,

    /// <summary>5xx, a proxy's non-JSON error page, or Slack's <c>internal_error</c>/<c>fatal_error</c>/<c>service_unavailable</c>/<c>request_timeout</c>.</summary>
    ServerError,

    /// <summary>No answer within the request timeout (not the caller's cancellation).</summary>
    Timeout,

    /// <summary>The connection failed.</summary>
    Network,

    /// <summary>A 2xx answer that could not be read.</summary>
    InvalidResponse,

    /// <summary>The token is wrong, revoked or lacks a scope (<c>invalid_auth</c>, <c>not_authed</c>, <c>missing_scope</c>, …).</summary>
    Unauthorized,

    /// <summary>The channel or message is gone or out of reach (<c>channel_not_found</c>, <c>not_in_channel</c>, <c>message_not_found</c>, <c>is_archived</c>).</summary>
    NotFound,

    /// <summary>Any other <c>ok:false</c> (<c>msg_too_long</c>, <c>no_text</c>, <c>cant_update_message</c>, <c>invalid_arguments</c>, …).</summary>
    Rejected,
}
