using System.ComponentModel.DataAnnotations;

namespace ChatHub.Conversation.Broadcasts;

/// <summary>
/// Broadcasts (<c>Broadcasts:*</c>): how fast recipients are queued to egress (each platform's own budgets apply on top,
/// in its sender), how many may wait in egress at once, and the named templates a request may use instead of text.
/// </summary>
public sealed class BroadcastOptions
{
    public const string SectionName = "Broadcasts";

    /// <summary>Recipients queued to chat.outbound per second, across all broadcasts (a bound, not a target).</summary>
    [Range(0.1, 100_000)]
    public double MessagesPerSecond { get; set; } = 20;

    /// <summary>At most this many recipients queued and not yet reported by egress, so live replies are never stuck behind a broadcast.</summary>
    [Range(1, 100_000)]
    public int MaxInFlight { get; set; } = 100;

    /// <summary>How many people one step of collecting an audience reads.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>How often the sending node looks for due broadcasts and queues the next recipients.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The sending lease (one node sends at a time); renewed every <see cref="PollInterval"/>.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most hub users one request may list.</summary>
    [Range(1, 1_000_000)]
    public int MaxPeople { get; set; } = 10_000;

    /// <summary>Named texts (<c>Broadcasts:Templates:welcome</c> = "…"), chosen by <c>template</c> in a request.</summary>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.Ordinal);
}
