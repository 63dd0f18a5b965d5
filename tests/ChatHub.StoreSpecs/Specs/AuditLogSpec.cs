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
    public async Task TombstoneAsync_ReplacesDetails_KeepsTheFacts()
    {
        var log = Context.CreateAuditLog();
        await log.AppendAsync(new AuditEntry(T0, "u1", AuditActions.Link, "telegram:1|x"), None).DefaultTimeout();
        await log.AppendAsync(new AuditEntry(T0.AddSeconds(1), "u1", AuditActions.Erase, ""), None).DefaultTimeout();
        await log.AppendAsync(new AuditEntry(T0, "u2", AuditActions.Link, "kept"), None).DefaultTimeout();

        await log.TombstoneAsync("u1", None).DefaultTimeout();
        await log.TombstoneAsync("nobody", None).DefaultTimeout();

        var entries = await log.GetAsync("u1", None).DefaultTimeout();
        Assert.Equal([AuditActions.Link, AuditActions.Erase], entries.Select(e => e.Action));
        Assert.Equal([T0, T0.AddSeconds(1)], entries.Select(e => e.At));
        Assert.All(entries, e => Assert.Equal(InMemoryAuditLog.Tombstone, e.Details));
        Assert.Equal("kept", Assert.Single(await log.GetAsync("u2", None).DefaultTimeout()).Details);
    }
}
