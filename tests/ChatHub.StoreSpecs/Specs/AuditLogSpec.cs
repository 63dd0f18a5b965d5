using ChatHub.Conversation.Audit;

namespace ChatHub.StoreSpecs;

public abstract class AuditLogSpec(StoreBackend backend) : StoreSpec(backend)
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 3, 4, 5, 6, TimeSpan.FromHours(1));

    [Fact]
    public async Task AppendAsync_ThenGet_OldestFirstPerUser()
    {
        var log = Context.CreateAuditLog();
        var first = new AuditEntry(T0, "u1", AuditActions.Link, "telegram:1 | discord:2");
        var second = new AuditEntry(T0.AddMinutes(1).AddTicks(3), "u1", AuditActions.Unlink, "discord:2");
        await log.AppendAsync(first, None).DefaultTimeout();
        await log.AppendAsync(new AuditEntry(T0, "u2", AuditActions.Link, "webchat:x"), None).DefaultTimeout();
        await log.AppendAsync(second, None).DefaultTimeout();

        Assert.Equal([first, second], await log.GetAsync("u1", None).DefaultTimeout());
        Assert.Single(await log.GetAsync("u2", None).DefaultTimeout());
        Assert.Empty(await log.GetAsync("u3", None).DefaultTimeout());
    }

    [Fact]
    public async Task TombstoneAsync_MovesTheEntriesUnderTheHashedId_DetailsReplaced_FactsKept()
    {
        var log = Context.CreateAuditLog();
        var at = Time.GetUtcNow();
        await log.AppendAsync(new AuditEntry(at, "u1", AuditActions.Link, "telegram:1|x"), None).DefaultTimeout();
        await log.AppendAsync(new AuditEntry(at.AddSeconds(1), "u1", AuditActions.Erase, ""), None).DefaultTimeout();
        await log.AppendAsync(new AuditEntry(at, "u2", AuditActions.Link, "kept"), None).DefaultTimeout();

        await log.TombstoneAsync("u1", None).DefaultTimeout();
        await log.TombstoneAsync("nobody", None).DefaultTimeout();

        Assert.Empty(await log.GetAsync("u1", None).DefaultTimeout());
        var erased = AuditIds.Erased("u1");
        Assert.DoesNotContain("u1", erased, StringComparison.Ordinal);
        var entries = await log.GetAsync(erased, None).DefaultTimeout();
        Assert.Equal([AuditActions.Link, AuditActions.Erase], entries.Select(e => e.Action));
        Assert.Equal([at, at.AddSeconds(1)], entries.Select(e => e.At));
        Assert.All(entries, e => Assert.Equal(InMemoryAuditLog.Tombstone, e.Details));
        Assert.All(entries, e => Assert.Equal(erased, e.HubUserId));
        Assert.Equal("kept", Assert.Single(await log.GetAsync("u2", None).DefaultTimeout()).Details);
    }

    [Fact]
    public async Task GetAsync_EntriesOlderThanTheRetention_Gone()
    {
        Context.Retention.Audit = TimeSpan.FromDays(30);
        var log = Context.CreateAuditLog();
        var old = new AuditEntry(Time.GetUtcNow(), "u1", AuditActions.Link, "old");
        await log.AppendAsync(old, None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromDays(20));
        var recent = new AuditEntry(Time.GetUtcNow(), "u1", AuditActions.Unlink, "recent");
        await log.AppendAsync(recent, None).DefaultTimeout();

        Assert.Equal([old, recent], await log.GetAsync("u1", None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromDays(11));
        Assert.Equal([recent], await log.GetAsync("u1", None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromDays(20));
        Assert.Empty(await log.GetAsync("u1", None).DefaultTimeout());
    }
}
