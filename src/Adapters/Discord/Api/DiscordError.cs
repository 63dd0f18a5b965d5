namespace ChatHub.Adapters.Discord.Api;

/// <summary>
/// A failed REST call. <see cref="Description"/> is Discord's message (never message content or the token).
/// <see cref="Local"/> marks a call that was not sent because its bucket (or the global limit) is known to be
/// exhausted for <see cref="RetryAfter"/>.
/// </summary>
internal sealed record DiscordError(
    DiscordErrorKind Kind,
    string Description,
    int? Status = null,
    int? Code = null,
    TimeSpan? RetryAfter = null,
    bool Global = false,
    bool Local = false)
{
    /// <summary>Discord's JSON error code for an unknown message (edited or referenced message deleted).</summary>
    public const int UnknownMessage = 10008;

    /// <summary>Worth retrying: rate limits, server errors, timeouts, network failures, garbled answers.</summary>
    public bool IsTransient => Kind is DiscordErrorKind.RateLimited or DiscordErrorKind.ServerError or DiscordErrorKind.Timeout
        or DiscordErrorKind.Network or DiscordErrorKind.InvalidResponse;

    /// <summary>For logs and dead letters: "403 Missing Permissions (50013)".</summary>
    public override string ToString() => (Status, Code) switch
    {
        ({ } status, { } code) => $"{status} {Description} ({code})",
        ({ } status, null) => $"{status} {Description}",
        _ => $"{Kind}: {Description}",
    };
}
