using ChatHub.Redis.Tests.Backends;

namespace ChatHub.Redis.Tests.Specs;

public abstract class IdempotencyStoreSpec(StoreBackend backend) : StoreSpec(backend)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task TryClaimAsync_SameKeyTwice_SecondFails()
    {
        var store = Context.CreateIdempotencyStore();
        Assert.True(await store.TryClaimAsync("k", Minute, None).DefaultTimeout());
        Assert.False(await store.TryClaimAsync("k", Minute, None).DefaultTimeout());
        Assert.True(await store.TryClaimAsync("other", Minute, None).DefaultTimeout());
    }

    [Fact]
    public async Task TryClaimAsync_AfterExpiry_Succeeds()
    {
        var store = Context.CreateIdempotencyStore();
        await store.TryClaimAsync("k", Minute, None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromSeconds(59));
        Assert.False(await store.TryClaimAsync("k", Minute, None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.True(await store.TryClaimAsync("k", Minute, None).DefaultTimeout());
    }

    [Fact]
    public async Task ReleaseAsync_ThenClaim_Succeeds()
    {
        var store = Context.CreateIdempotencyStore();
        await store.TryClaimAsync("k", Minute, None).DefaultTimeout();
        await store.ReleaseAsync("k", None).DefaultTimeout();
        Assert.True(await store.TryClaimAsync("k", Minute, None).DefaultTimeout());
        await store.ReleaseAsync("never-claimed", None).DefaultTimeout();
    }

    [Fact]
    public async Task TryClaimAsync_ConcurrentClaims_ExactlyOneWins()
    {
        var store = Context.CreateIdempotencyStore();
        var wins = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), async (_, ct) =>
        {
            if (await store.TryClaimAsync("k", Minute, ct))
            {
                Interlocked.Increment(ref wins);
            }
        }).DefaultTimeout();
        Assert.Equal(1, wins);
    }
}
