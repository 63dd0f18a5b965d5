using ChatHub.Conversation.Idempotency;

namespace ChatHub.StoreSpecs;

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

    [Fact]
    public async Task TryAcquireLeaseAsync_FreeThenOtherOwnerThenSameOwner_AcquiredHeldRenewed()
    {
        var store = Context.CreateIdempotencyStore();
        Assert.Equal(LeaseOutcome.Acquired, await store.TryAcquireLeaseAsync("k", "a", Minute, None).DefaultTimeout());
        Assert.Equal(LeaseOutcome.Held, await store.TryAcquireLeaseAsync("k", "b", Minute, None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromSeconds(50));
        Assert.Equal(LeaseOutcome.Acquired, await store.TryAcquireLeaseAsync("k", "a", Minute, None).DefaultTimeout()); // its own: renewed
        await AdvanceAsync(TimeSpan.FromSeconds(50));
        Assert.Equal(LeaseOutcome.Held, await store.TryAcquireLeaseAsync("k", "b", Minute, None).DefaultTimeout()); // 100 s after the first take
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_LeaseExpired_NextOwnerAcquires()
    {
        var store = Context.CreateIdempotencyStore();
        await store.TryAcquireLeaseAsync("k", "dead", Minute, None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromSeconds(59));
        Assert.Equal(LeaseOutcome.Held, await store.TryAcquireLeaseAsync("k", "b", Minute, None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(LeaseOutcome.Acquired, await store.TryAcquireLeaseAsync("k", "b", Minute, None).DefaultTimeout());
    }

    [Fact]
    public async Task MarkDoneAsync_AfterLease_LaterAcquiresSeeDoneUntilRetentionEnds()
    {
        var store = Context.CreateIdempotencyStore();
        await store.TryAcquireLeaseAsync("k", "a", Minute, None).DefaultTimeout();
        await store.MarkDoneAsync("k", TimeSpan.FromMinutes(10), None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromMinutes(2)); // past the lease: the marker has its own retention
        Assert.Equal(LeaseOutcome.Done, await store.TryAcquireLeaseAsync("k", "b", Minute, None).DefaultTimeout());
        await store.ReleaseLeaseAsync("k", "a", None).DefaultTimeout(); // a late release never removes the marker
        Assert.Equal(LeaseOutcome.Done, await store.TryAcquireLeaseAsync("k", "b", Minute, None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromMinutes(9));
        Assert.Equal(LeaseOutcome.Acquired, await store.TryAcquireLeaseAsync("k", "b", Minute, None).DefaultTimeout());
    }

    [Fact]
    public async Task IsDoneAsync_OnlyAnUnexpiredDoneMarkerIsDone()
    {
        var store = Context.CreateIdempotencyStore();
        Assert.False(await store.IsDoneAsync("k", None).DefaultTimeout());
        await store.TryClaimAsync("claimed", Minute, None).DefaultTimeout();
        await store.TryAcquireLeaseAsync("leased", "a", Minute, None).DefaultTimeout();
        await store.MarkDoneAsync("k", TimeSpan.FromMinutes(10), None).DefaultTimeout();

        Assert.Equal((false, false, true), (
            await store.IsDoneAsync("claimed", None).DefaultTimeout(),
            await store.IsDoneAsync("leased", None).DefaultTimeout(),
            await store.IsDoneAsync("k", None).DefaultTimeout()));
        await AdvanceAsync(TimeSpan.FromMinutes(11));
        Assert.False(await store.IsDoneAsync("k", None).DefaultTimeout());
    }

    [Fact]
    public async Task ReleaseLeaseAsync_OwnAndOthers_OnlyOwnLeaseIsRemoved()
    {
        var store = Context.CreateIdempotencyStore();
        await store.TryAcquireLeaseAsync("k", "a", Minute, None).DefaultTimeout();
        await store.ReleaseLeaseAsync("k", "b", None).DefaultTimeout();
        Assert.Equal(LeaseOutcome.Held, await store.TryAcquireLeaseAsync("k", "c", Minute, None).DefaultTimeout());
        await store.ReleaseLeaseAsync("k", "a", None).DefaultTimeout();
        Assert.Equal(LeaseOutcome.Acquired, await store.TryAcquireLeaseAsync("k", "c", Minute, None).DefaultTimeout());
        await store.ReleaseLeaseAsync("never-leased", "a", None).DefaultTimeout();
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_ConcurrentOwners_ExactlyOneAcquires()
    {
        var store = Context.CreateIdempotencyStore();
        var acquired = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), async (i, ct) =>
        {
            if (await store.TryAcquireLeaseAsync("k", $"owner-{i}", Minute, ct) == LeaseOutcome.Acquired)
            {
                Interlocked.Increment(ref acquired);
            }
        }).DefaultTimeout();
        Assert.Equal(1, acquired);
    }
}
