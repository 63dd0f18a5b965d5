using ChatHub.Conversation.Counters;

namespace ChatHub.Conversation.Tests.Stores;

public sealed class InMemoryCounterStoreTests
{
    [Fact]
    public async Task IncrementAsync_WithinWindow_Counts_AfterWindow_Restarts()
    {
        var time = ManualTimeProvider.WithRealTimers();
        var counters = new InMemoryCounterStore(time);
        Assert.Equal(1, await counters.IncrementAsync("k", TimeSpan.FromMinutes(1), default));
        Assert.Equal(2, await counters.IncrementAsync("k", TimeSpan.FromMinutes(1), default));
        Assert.Equal(2, await counters.GetAsync("k", default));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await counters.GetAsync("k", default));
        Assert.Equal(1, await counters.IncrementAsync("k", TimeSpan.FromMinutes(1), default));
    }

    [Fact]
    public async Task IncrementAsync_Concurrent_NoLostUpdates()
    {
        var counters = new InMemoryCounterStore(TimeProvider.System);
        await Parallel.ForEachAsync(Enumerable.Range(0, 500), async (_, ct) => await counters.IncrementAsync("k", TimeSpan.FromMinutes(5), ct)).DefaultTimeout();
        Assert.Equal(500, await counters.GetAsync("k", default));
    }
}
