using ChatHub.Conversation.Broadcasts;
using ChatHub.Conversation.Messages;

namespace ChatHub.StoreSpecs;

public abstract class BroadcastStoreSpec(StoreBackend backend) : StoreSpec(backend)
{
    private Broadcast NewBroadcast(string? key = null) => new()
    {
        Id = BroadcastIds.NewId(),
        IdempotencyKey = key,
        Text = "Maintenance tonight",
        Audience = new BroadcastAudience(People: ["u1", "u2"]),
        CreatedBy = "ops",
        CreatedAt = Time.GetUtcNow(),
        NextRunAt = Time.GetUtcNow(),
    };

    private static BroadcastRecipient Person(string hubUserId, RecipientState state = RecipientState.Pending, string? reason = null) =>
        new(BroadcastIds.RecipientKey(hubUserId), hubUserId, new ConversationRef("telegram", "bot", hubUserId), state, reason);

    private static void AssertSame(Broadcast expected, Broadcast actual)
    {
        Assert.Equal(expected.Audience.People, actual.Audience.People);
        Assert.Equal(expected with { Audience = actual.Audience }, actual);
    }

    [Fact]
    public async Task CreateAsync_SameIdempotencyKey_ReturnsTheFirstAndCreatesNothing()
    {
        var store = Context.CreateBroadcastStore();
        var first = NewBroadcast("key-1");

        var (created, isNew) = await store.CreateAsync(first, None).DefaultTimeout();
        var (again, againNew) = await store.CreateAsync(NewBroadcast("key-1") with { Text = "other" }, None).DefaultTimeout();
        var (other, otherNew) = await store.CreateAsync(NewBroadcast(), None).DefaultTimeout();

        Assert.True(isNew);
        AssertSame(first, created);
        Assert.False(againNew);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal("Maintenance tonight", again.Text);
        Assert.True(otherNew);
        AssertSame(first, (await store.GetAsync(first.Id, None).DefaultTimeout())!);
        Assert.Equal(
            new[] { first.Id, other.Id }.Order(StringComparer.Ordinal),
            (await store.ListActiveAsync(None).DefaultTimeout()).Select(b => b.Id).Order(StringComparer.Ordinal));
        Assert.Null(await store.GetAsync(BroadcastIds.NewId(), None).DefaultTimeout());
    }

    [Fact]
    public async Task UpdateAsync_CompletedLeavesTheActiveList_CancelledRefusesLaterUpdates()
    {
        var store = Context.CreateBroadcastStore();
        var done = NewBroadcast();
        var cancelled = NewBroadcast();
        await store.CreateAsync(done, None).DefaultTimeout();
        await store.CreateAsync(cancelled, None).DefaultTimeout();

        Assert.True(await store.UpdateAsync(done with { Status = BroadcastStatus.Completed, Run = 0 }, None).DefaultTimeout());
        Assert.True(await store.UpdateAsync(cancelled with { Status = BroadcastStatus.Sending, AudienceCursor = "10" }, None).DefaultTimeout());
        Assert.True(await store.UpdateAsync(cancelled with { Status = BroadcastStatus.Cancelled, AudienceCursor = "10" }, None).DefaultTimeout());
        Assert.False(await store.UpdateAsync(cancelled with { Status = BroadcastStatus.Sending, AudienceComplete = true }, None).DefaultTimeout());

        Assert.Empty(await store.ListActiveAsync(None).DefaultTimeout());
        Assert.Equal(BroadcastStatus.Completed, (await store.GetAsync(done.Id, None).DefaultTimeout())!.Status);
        var stored = (await store.GetAsync(cancelled.Id, None).DefaultTimeout())!;
        Assert.Equal(BroadcastStatus.Cancelled, stored.Status);
        Assert.Equal("10", stored.AudienceCursor);
        Assert.False(stored.AudienceComplete);
    }

    [Fact]
    public async Task AddRecipientsAsync_AKeyTwice_AddedOnce_ListedByStateInOrder()
    {
        var store = Context.CreateBroadcastStore();
        var id = BroadcastIds.NewId();

        Assert.Equal(3, await store.AddRecipientsAsync(id, 0, [Person("a"), Person("b"), Person("c", RecipientState.Failed, "no route")], None).DefaultTimeout());
        Assert.Equal(1, await store.AddRecipientsAsync(id, 0, [Person("b", RecipientState.Skipped), Person("d")], None).DefaultTimeout());
        Assert.Equal(1, await store.AddRecipientsAsync(id, 1, [Person("a")], None).DefaultTimeout()); // another run

        Assert.Equal(["a", "b", "d"], (await store.ListAsync(id, 0, RecipientState.Pending, 0, 10, None).DefaultTimeout()).Select(r => r.HubUserId));
        Assert.Equal(["b"], (await store.ListAsync(id, 0, RecipientState.Pending, 1, 1, None).DefaultTimeout()).Select(r => r.HubUserId));
        var failed = Assert.Single(await store.ListAsync(id, 0, RecipientState.Failed, 0, 10, None).DefaultTimeout());
        Assert.Equal(Person("c", RecipientState.Failed, "no route"), failed);
        Assert.Equal(new BroadcastCounts(3, 0, 0, 1, 0, 0), await store.CountAsync(id, 0, None).DefaultTimeout());
        Assert.Equal(new BroadcastCounts(1, 0, 0, 0, 0, 0), await store.CountAsync(id, 1, None).DefaultTimeout());
    }

    [Fact]
    public async Task TransitionAsync_OnlyFromTheExpectedState_ReasonKept()
    {
        var store = Context.CreateBroadcastStore();
        var id = BroadcastIds.NewId();
        await store.AddRecipientsAsync(id, 0, [Person("a"), Person("b")], None).DefaultTimeout();
        var a = BroadcastIds.RecipientKey("a");

        Assert.False(await store.TransitionAsync(id, 0, a, RecipientState.Queued, RecipientState.Sent, null, None).DefaultTimeout());
        Assert.True(await store.TransitionAsync(id, 0, a, RecipientState.Pending, RecipientState.Queued, null, None).DefaultTimeout());
        Assert.True(await store.TransitionAsync(id, 0, a, RecipientState.Queued, RecipientState.Failed, "bot blocked", None).DefaultTimeout());
        Assert.False(await store.TransitionAsync(id, 0, a, RecipientState.Queued, RecipientState.Sent, null, None).DefaultTimeout());
        Assert.False(await store.TransitionAsync(id, 0, BroadcastIds.RecipientKey("zz"), RecipientState.Pending, RecipientState.Queued, null, None).DefaultTimeout());

        Assert.Equal("bot blocked", Assert.Single(await store.ListAsync(id, 0, RecipientState.Failed, 0, 10, None).DefaultTimeout()).Reason);
        Assert.Equal(new BroadcastCounts(1, 0, 0, 1, 0, 0), await store.CountAsync(id, 0, None).DefaultTimeout());
    }

    [Fact]
    public async Task TransitionAsync_ManyAtOnce_ExactlyOneWins()
    {
        var store = Context.CreateBroadcastStore();
        var id = BroadcastIds.NewId();
        await store.AddRecipientsAsync(id, 0, [Person("a")], None).DefaultTimeout();
        var wins = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 20), async (_, ct) =>
        {
            if (await store.TransitionAsync(id, 0, BroadcastIds.RecipientKey("a"), RecipientState.Pending, RecipientState.Queued, null, ct))
            {
                Interlocked.Increment(ref wins);
            }
        }).DefaultTimeout();

        Assert.Equal(1, wins);
    }

    [Fact]
    public async Task CancelPendingAsync_MovesOnlyPending()
    {
        var store = Context.CreateBroadcastStore();
        var id = BroadcastIds.NewId();
        await store.AddRecipientsAsync(id, 0, [Person("a"), Person("b"), Person("c")], None).DefaultTimeout();
        await store.TransitionAsync(id, 0, BroadcastIds.RecipientKey("a"), RecipientState.Pending, RecipientState.Queued, null, None).DefaultTimeout();

        Assert.Equal(2, await store.CancelPendingAsync(id, 0, None).DefaultTimeout());

        Assert.Equal(new BroadcastCounts(0, 1, 0, 0, 0, 2), await store.CountAsync(id, 0, None).DefaultTimeout());
        Assert.Equal(["b", "c"], (await store.ListAsync(id, 0, RecipientState.Cancelled, 0, 10, None).DefaultTimeout()).Select(r => r.HubUserId));
    }

    [Fact]
    public async Task Preferences_SetGetAndOptedInPages()
    {
        var store = Context.CreateBroadcastStore();
        foreach (var user in new[] { "u3", "u1", "u4", "u2" })
        {
            await store.SetPreferenceAsync(user, BroadcastPreference.OptedIn, None).DefaultTimeout();
        }

        await store.SetPreferenceAsync("u4", BroadcastPreference.OptedOut, None).DefaultTimeout();
        await store.SetPreferenceAsync("u2", BroadcastPreference.None, None).DefaultTimeout();

        Assert.Equal(BroadcastPreference.OptedIn, await store.GetPreferenceAsync("u1", None).DefaultTimeout());
        Assert.Equal(BroadcastPreference.None, await store.GetPreferenceAsync("u2", None).DefaultTimeout());
        Assert.Equal(BroadcastPreference.OptedOut, await store.GetPreferenceAsync("u4", None).DefaultTimeout());
        Assert.Equal(BroadcastPreference.None, await store.GetPreferenceAsync("nobody", None).DefaultTimeout());
        Assert.Equal(["u1"], await store.ListOptedInAsync(null, 1, None).DefaultTimeout());
        Assert.Equal(["u3"], await store.ListOptedInAsync("u1", 5, None).DefaultTimeout());
        Assert.Empty(await store.ListOptedInAsync("u3", 5, None).DefaultTimeout());
    }

    [Fact]
    public async Task EraseUserAsync_ForgetsThePersonKeepsTheCounts()
    {
        var store = Context.CreateBroadcastStore();
        var id = BroadcastIds.NewId();
        var other = BroadcastIds.NewId();
        await store.SetPreferenceAsync("a", BroadcastPreference.OptedIn, None).DefaultTimeout();
        await store.AddRecipientsAsync(id, 0, [Person("a"), Person("b")], None).DefaultTimeout();
        await store.AddRecipientsAsync(other, 0, [Person("a", RecipientState.Failed, "no route")], None).DefaultTimeout();

        Assert.Equal(3, await store.EraseUserAsync("a", None).DefaultTimeout());

        Assert.Equal(BroadcastPreference.None, await store.GetPreferenceAsync("a", None).DefaultTimeout());
        Assert.Empty(await store.ListOptedInAsync(null, 10, None).DefaultTimeout());
        var skipped = Assert.Single(await store.ListAsync(id, 0, RecipientState.Skipped, 0, 10, None).DefaultTimeout());
        Assert.Equal(("", null, "erased"), (skipped.HubUserId, skipped.Conversation, skipped.Reason));
        Assert.Equal(new BroadcastCounts(1, 0, 0, 0, 1, 0), await store.CountAsync(id, 0, None).DefaultTimeout());
        var failed = Assert.Single(await store.ListAsync(other, 0, RecipientState.Failed, 0, 10, None).DefaultTimeout());
        Assert.Equal(("", null), (failed.HubUserId, failed.Conversation));
        Assert.False(await store.TransitionAsync(id, 0, BroadcastIds.RecipientKey("a"), RecipientState.Pending, RecipientState.Queued, null, None).DefaultTimeout());
    }

    [Fact]
    public async Task TryAcquireLeaseAsync_OneOwnerAtATime_UntilReleasedOrExpired()
    {
        var store = Context.CreateBroadcastStore();
        var duration = TimeSpan.FromSeconds(30);

        Assert.True(await store.TryAcquireLeaseAsync("a", duration, None).DefaultTimeout());
        Assert.False(await store.TryAcquireLeaseAsync("b", duration, None).DefaultTimeout());
        Assert.True(await store.TryAcquireLeaseAsync("a", duration, None).DefaultTimeout()); // renewed
        await store.ReleaseLeaseAsync("b", None).DefaultTimeout(); // not b's: kept
        Assert.False(await store.TryAcquireLeaseAsync("b", duration, None).DefaultTimeout());
        await store.ReleaseLeaseAsync("a", None).DefaultTimeout();
        Assert.True(await store.TryAcquireLeaseAsync("b", duration, None).DefaultTimeout());

        await AdvanceAsync(duration + TimeSpan.FromSeconds(1));
        Assert.True(await store.TryAcquireLeaseAsync("a", duration, None).DefaultTimeout());
        Assert.False(await store.TryAcquireLeaseAsync("b", duration, None).DefaultTimeout());
    }
}
