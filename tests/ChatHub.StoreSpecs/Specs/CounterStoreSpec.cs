
namespace ChatHub.StoreSpecs;

public abstract class CounterStoreSpec(StoreBackend backend) : StoreSpec(backend)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task IncrementAsync_WithinWindow_Counts_AfterWindow_Restarts()
    {
        var counters = Context.CreateCounterStore();
        Assert.Equal(1, await counters.IncrementAsync("k", Minute, None).DefaultTimeout());
        Assert.Equal(2, await counters.IncrementAsync("k", Minute, None).DefaultTimeout());
        Assert.Equal(2, await counters.GetAsync("k", None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await counters.GetAsync("k", None).DefaultTimeout());
        Assert.Equal(1, await counters.IncrementAsync("k", Minute, None).DefaultTimeout());
    }

    [Fact]
    public async Task IncrementAsync_LaterIncrements_DoNotExtendTheWindow()
    {
        var counters = Context.CreateCounterStore();
        await counters.IncrementAsync("k", Minute, None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromSeconds(40));
        Assert.Equal(2, await counters.IncrementAsync("k", Minute, None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromSeconds(30)); // 70 s after the window opened
        Assert.Equal(0, await counters.GetAsync("k", None).DefaultTimeout());
    }

    [Fact]
    public async Task IncrementAsync_Concurrent_NoLostUpdates()
    {
        var counters = Context.CreateCounterStore();
        await Parallel.ForEachAsync(Enumerable.Range(0, 500), async (_, ct) => await counters.IncrementAsync("k", TimeSpan.FromMinutes(5), ct)).DefaultTimeout();
        Assert.Equal(500, await counters.GetAsync("k", None).DefaultTimeout());
    }

    [Fact]
    public async Task ResetAsync_StartsOver()
    {
        var counters = Context.CreateCounterStore();
        await counters.IncrementAsync("k", Minute, None).DefaultTimeout();
        await counters.ResetAsync("k", None).DefaultTimeout();
        Assert.Equal(0, await counters.GetAsync("k", None).DefaultTimeout());
        Assert.Equal(1, await counters.IncrementAsync("k", Minute, None).DefaultTimeout());
        Assert.Equal(0, await counters.GetAsync("unknown", None).DefaultTimeout());
    }
}
