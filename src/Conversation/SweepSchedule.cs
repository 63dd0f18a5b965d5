namespace ChatHub.Conversation;

/// <summary>
/// When an in-memory map of expiring entries should sweep them out: at most once per <see cref="Interval"/>, decided
/// by the clock. Never every N operations: a sweep walks every entry, so sweeping every N operations costs O(entries)
/// per N operations, quadratic as the map grows (with one session per person, 9 % of the hub's CPU at 5,000 msg/s
/// after a few minutes). Entries then outlive their expiry by at most one interval. Thread-safe: of concurrent callers
/// that find a sweep due, exactly one is told to run it.
/// </summary>
public sealed class SweepSchedule
{
    /// <summary>The interval the stores use unless they have a reason for another.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);

    private readonly long _intervalTicks;
    private long _next;

    public SweepSchedule(DateTimeOffset now, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Interval = interval;
        _intervalTicks = interval.Ticks;
        _next = now.UtcTicks + _intervalTicks;
    }

    public SweepSchedule(TimeProvider time)
        : this((time ?? throw new ArgumentNullException(nameof(time))).GetUtcNow(), DefaultInterval)
    {
    }

    public TimeSpan Interval { get; }

    /// <summary>True for the one caller that should sweep now; false until the next interval has passed.</summary>
    public bool IsDue(DateTimeOffset now)
    {
        var next = Volatile.Read(ref _next);
        return now.UtcTicks >= next && Interlocked.CompareExchange(ref _next, now.UtcTicks + _intervalTicks, next) == next;
    }
}
