namespace ChatHub.Conversation.Usage;

/// <summary>
/// Usage per hub user, UTC day, platform and bot (<see cref="UsageRow"/>), and the totals of each day across people.
/// Written in batches by <see cref="UsageRecorder"/>'s flush (counters added, never overwritten); a day is kept
/// <see cref="UsageOptions.Retention"/> after it ended, then reads leave it out and it is deleted (Redis: the key's
/// TTL). Implementations: in memory, SQLite, Redis; one spec suite for all.
/// </summary>
public interface IUsageStore
{
    /// <summary>Adds each row's counts to the person's row and to the day's totals.</summary>
    ValueTask AddAsync(IReadOnlyCollection<UsageRow> rows, CancellationToken cancellationToken);

    /// <summary>The person's rows from <paramref name="first"/> to <paramref name="last"/> (both included), by day, platform, bot.</summary>
    ValueTask<IReadOnlyList<UsageRow>> GetAsync(string hubUserId, DateOnly first, DateOnly last, CancellationToken cancellationToken);

    /// <summary>The totals across people (<see cref="UsageRow.AllPeople"/>) of the days from <paramref name="first"/> to <paramref name="last"/>.</summary>
    ValueTask<IReadOnlyList<UsageRow>> GetTotalsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken);

    /// <summary>
    /// True for the first caller of a person's budget <paramref name="period"/> (e.g. <c>day:2026-01-05</c>), which tells
    /// the person once; false for every later one until <paramref name="expiresAt"/>.
    /// </summary>
    ValueTask<bool> TryMarkNoticeAsync(string hubUserId, string period, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Removes every row and notice of the person; returns how many rows there were. The totals stay (they name nobody).</summary>
    ValueTask<int> EraseAsync(string hubUserId, CancellationToken cancellationToken);
}
