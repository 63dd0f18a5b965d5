
namespace ChatHub.Conversation.Tests.Stores;

public sealed class SweepScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void IsDue_ByTheClockNotByCalls_OncePerInterval()
    {
        var schedule = new SweepSchedule(Start, TimeSpan.FromSeconds(30));

        var dueBefore = Enumerable.Range(0, 100_000).Count(_ => schedule.IsDue(Start + TimeSpan.FromSeconds(29)));
        var dueAt = Enumerable.Range(0, 1_000).Count(_ => schedule.IsDue(Start + TimeSpan.FromSeconds(30)));
        var dueSoonAfter = schedule.IsDue(Start + TimeSpan.FromSeconds(59));
        var dueNext = schedule.IsDue(Start + TimeSpan.FromSeconds(60));

        Assert.Equal((0, 1, false, true), (dueBefore, dueAt, dueSoonAfter, dueNext));
    }

    [Fact]
    public async Task IsDue_ManyThreadsAtOnce_ExactlyOneSweeps()
    {
        var schedule = new SweepSchedule(Start, TimeSpan.FromSeconds(30));
        var later = Start + TimeSpan.FromMinutes(1);
        using var go = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            go.Wait();
            return Enumerable.Range(0, 10_000).Count(_ => schedule.IsDue(later));
        })).ToArray();

        go.Set();
        var due = await Task.WhenAll(callers).DefaultTimeout();

        Assert.Equal(1, due.Sum());
    }

    [Fact]
    public void Constructor_NonPositiveInterval_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SweepSchedule(Start, TimeSpan.Zero));
}
