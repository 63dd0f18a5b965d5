namespace ChatHub.Conversation.Broadcasts;

/// <summary>
/// A broadcast: its text, audience and timing as created, and where it stands. <see cref="Run"/> counts the runs (a cron
/// broadcast runs again at each occurrence); recipients and their states belong to a run. While a run's audience is
/// collected, <see cref="AudienceCursor"/> says where collection resumes (after a restart too).
/// </summary>
public sealed record Broadcast
{
    public required string Id { get; init; }

    /// <summary>The client's <c>Idempotency-Key</c>: a second create with it returns this broadcast.</summary>
    public string? IdempotencyKey { get; init; }

    public required string Text { get; init; }

    /// <summary>The configured template the text came from, if any.</summary>
    public string? Template { get; init; }

    public required BroadcastAudience Audience { get; init; }

    /// <summary>A 5-field cron expression (UTC); null for a one-off.</summary>
    public string? Cron { get; init; }

    public required string CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public BroadcastStatus Status { get; init; }

    public int Run { get; init; }

    /// <summary>When the current (or next) run starts.</summary>
    public DateTimeOffset NextRunAt { get; init; }

    /// <summary>True once every recipient of the current run has been collected.</summary>
    public bool AudienceComplete { get; init; }

    /// <summary>Where collecting the audience resumes: an index into the list, or a channel and its routing-table cursor.</summary>
    public string? AudienceCursor { get; init; }
}
