using ChatHub.Conversation.Idempotency;

namespace ChatHub.Conversation.Tests.Stores;

public sealed class InMemoryIdempotencyStoreTests
{
    private readonly ManualTimeProvider _time = ManualTimeProvider.WithRealTimers();

    [Fact]
    public async Task TryClaimAsync_SameKeyTwice_SecondFails()
    {
        var store = new InMemoryIdempotencyStore(_time);
        Assert.True(await store.TryClaimAsync("k", TimeSpan.FromMinutes(1), CancellationToken.None).DefaultTimeout());
        Assert.False(await store.TryClaimAsync("k", TimeSpan.FromMinutes(1), CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task TryClaimAsync_AfterExpiry_Succeeds()
    {
        var store = new InMemoryIdempotencyStore(_time);
        await store.TryClaimAsync("k", TimeSpan.FromMinutes(1), CancellationToken.None).DefaultTimeout();
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await store.TryClaimAsync("k", TimeSpan.FromMinutes(1), CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task ReleaseAsync_ThenClaim_Succeeds()
    {
        var store = new InMemoryIdempotencyStore(_time);
        await store.TryClaimAsync("k", TimeSpan.FromMinutes(1), CancellationToken.None).DefaultTimeout();
        await store.ReleaseAsync("k", CancellationToken.None).DefaultTimeout();
        Assert.True(await store.TryClaimAsync("k", TimeSpan.FromMinutes(1), CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task TryClaimAsync_ConcurrentClaims_ExactlyOneWins()
    {
        var store = new InMemoryIdempotencyStore(_time);
        var wins = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), async (_, ct) =>
        {
            if (await store.TryClaimAsync("k", TimeSpan.FromMinutes(1), ct))
            {
                Interlocked.Increment(ref wins);
            }
        }).DefaultTimeout();
        Assert.Equal(1, wins);
    }

    [Fact]
    public async Task TryClaimAsync_OverTheCap_OldestClaimForgottenFirst()
    {
        var store = new InMemoryIdempotencyStore(_time, maxKeys: 3);
        foreach (var key in new[] { "a", "b", "c", "d" })
        {
            Assert.True(await store.TryClaimAsync(key, TimeSpan.FromHours(24), CancellationToken.None).DefaultTimeout());
        }

        Assert.Equal(3, store.Count);
        Assert.True(await store.TryClaimAsync("a", TimeSpan.FromHours(24), CancellationToken.None).DefaultTimeout()); // forgotten
        Assert.False(await store.TryClaimAsync("d", TimeSpan.FromHours(24), CancellationToken.None).DefaultTimeout()); // kept
    }

    [Fact]
    public async Task TryClaimAsync_AfterSweepInterval_ExpiredClaimsSweptWithoutThousandsOfClaims()
    {
        var store = new InMemoryIdempotencyStore(_time);
        for (var i = 0; i < 10; i++)
        {
            await store.TryClaimAsync($"short-{i}", TimeSpan.FromSeconds(10), CancellationToken.None).DefaultTimeout();
        }

        await store.TryClaimAsync("long", TimeSpan.FromHours(24), CancellationToken.None).DefaultTimeout();
        _time.Advance(InMemoryIdempotencyStore.SweepInterval);
        await store.TryClaimAsync("next", TimeSpan.FromHours(24), CancellationToken.None).DefaultTimeout();

        Assert.Equal(2, store.Count); // "long" and "next"
    }
}
