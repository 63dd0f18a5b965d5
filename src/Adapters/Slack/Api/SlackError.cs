namespace ChatHub.Adapters.Slack.Api;

/// <summary>
/// A failed Web API call. <see cref="Description"/> is Slack's error code (<c>channel_not_found</c>) or ours: never
/// message text or a token. <see cref="Local"/> marks a call that was not sent because its budget is empty for
/// <see cref="RetryAfter"/>.
/// </summary>
internal sealed record SlackError(SlackErrorKind Kind, string Description, int? Status = null, TimeSpan? RetryAfter = null, bool Local = false)
{
    /// <summary>Worth retrying: rate limits, server errors, timeouts, network failures, garbled answers.</summary>
    public bool IsTransient => Kind is SlackErrorKind.RateLimited or SlackErrorKind.ServerError or SlackErrorKind.Timeout
        or SlackErrorKind.Network or SlackErrorKind.InvalidResponse;

    /// <summary>For logs and dead letters: "channel_not_found", "HTTP 503 …".</summary>
    public override string ToString() => Status is { } status and not 200 ? $"{status} {Description}" : Description;

    /// <summary>Slack's <c>error</c> code as a kind (the Web API answers most errors with HTTP 200 and <c>ok:false</c>).</summary>
    public static SlackErrorKind Classify(string? error) => error switch
    {
        "ratelimited" or "rate_limited" => SlackErrorKind.RateLimited,
        "internal_error" or "fatal_error" or "service_unavailable" or "request_timeout" => SlackErrorKind.ServerError,
        "invalid_auth" or "not_authed" or "account_inactive" or "token_revoked" or "token_expired" or "no_permission"
            or "missing_scope" or "not_allowed_token_type" or "ekm_access_denied" or "team_access_not_granted" => SlackErrorKind.Unauthorized,
        "channel_not_found" or "not_in_channel" or "is_archived" or "message_not_found" or "thread_not_found" => SlackErrorKind.NotFound,
        _ => SlackErrorKind.Rejected,
    };
}
