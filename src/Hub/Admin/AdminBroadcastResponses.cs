using ChatHub.Conversation.Broadcasts;

namespace ChatHub.Hub.Admin;

public sealed record BroadcastCountsResponse(int Total, int Pending, int Queued, int Sent, int Failed, int Skipped, int Cancelled);

/// <summary>A failed recipient: the hub user (empty once erased), the channel tried, and why.</summary>
public sealed record BroadcastFailureResponse(string HubUserId, string? Channel, string? Reason);

/// <summary>A broadcast as the admin API shows it, with its current run's progress.</summary>
public sealed record BroadcastResponse(
    string Id,
    string Status,
    string? Template,
    string Audience,
    string? Cron,
    int Run,
    DateTimeOffset NextRunAt,
    bool AudienceComplete,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    BroadcastCountsResponse? Counts,
    IReadOnlyList<BroadcastFailureResponse>? Failures)
{
    public static BroadcastResponse From(Broadcast broadcast, BroadcastCounts? counts = null, IReadOnlyList<BroadcastRecipient>? failures = null)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        return new(
            broadcast.Id,
            broadcast.Status.ToString().ToLowerInvariant(),
            broadcast.Template,
            broadcast.Audience.Describe(),
            broadcast.Cron,
            broadcast.Run,
            broadcast.NextRunAt,
            broadcast.AudienceComplete,
            broadcast.CreatedBy,
            broadcast.CreatedAt,
            counts is null ? null : new(counts.Total, counts.Pending, counts.Queued, counts.Sent, counts.Failed, counts.Skipped, counts.Cancelled),
            failures?.Select(f => new BroadcastFailureResponse(f.HubUserId, f.Conversation?.Channel, f.Reason)).ToList());
    }
}
