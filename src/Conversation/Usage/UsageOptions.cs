using System.ComponentModel.DataAnnotations;

namespace ChatHub.Conversation.Usage;

/// <summary>Usage accounting (<c>Usage</c>): how long it is kept and how often a node writes what it counted.</summary>
public sealed class UsageOptions
{
    public const string SectionName = "Usage";

    /// <summary>A day's usage is kept this long after the day (at least 32 days: a monthly budget reads the whole month).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// How often a node adds what it counted to the store (one batch for all people). Until then the node's own budget
    /// checks see it; other nodes see it after the flush. A stop flushes what is left.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After a failed write the batch waits for the next flush only while at most this many rows wait in all; beyond
    /// that it is dropped (error 3902), so a store that stays down cannot grow a node's memory without bound.
    /// </summary>
    [Range(16, 1_000_000)]
    public int MaxPendingRows { get; set; } = 10_000;

    /// <summary>The oldest day still kept at <paramref name="now"/>: a day is kept <paramref name="retention"/> after its end.</summary>
    public static DateOnly OldestKept(DateTimeOffset now, TimeSpan retention) => DateOnly.FromDateTime((now - retention).UtcDateTime);
}
