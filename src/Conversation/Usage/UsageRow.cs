namespace ChatHub.Conversation.Usage;

/// <summary>
/// One row of usage: a UTC day, a hub user (<see cref="AllPeople"/> in the totals across people), a platform and a bot.
/// </summary>
public sealed record UsageRow(DateOnly Day, string HubUserId, string Platform, string Bot, UsageCounts Counts)
{
    /// <summary>The <see cref="HubUserId"/> of a total across people.</summary>
    public const string AllPeople = "*";
}
