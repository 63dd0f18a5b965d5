using ChatHub.Conversation.Sessions;

namespace ChatHub.StoreSpecs;

public abstract class SessionStoreSpec(StoreBackend backend) : StoreSpec(backend)
{
    private ISessionStore Create(int maxTurns = 4, TimeSpan? ttl = null) =>
        Context.CreateSessionStore(new SessionOptions { MaxTurns = maxTurns, Ttl = ttl ?? TimeSpan.FromHours(1) });

    private SessionTurn Turn(string text, TimeSpan? offset = null) =>
        new(SessionRoles.User, text, Time.GetUtcNow() + (offset ?? TimeSpan.Zero), "webchat");

    private static async Task<string[]> TextsAsync(ISessionStore store, string user) =>
        [.. (await store.GetAsync(user, None).DefaultTimeout()).Select(t => t.Text)];

    [Fact]
    public async Task AppendAsync_OverCap_KeepsMostRecentTurnsInOrder()
    {
        var store = Create(maxTurns: 4);
        for (var i = 1; i <= 6; i++)
        {
            await store.AppendAsync("u1", [Turn($"t{i}")], None).DefaultTimeout();
        }

        Assert.Equal(["t3", "t4", "t5", "t6"], await TextsAsync(store, "u1"));
    }

    [Fact]
    public async Task GetAsync_RoundTripsEveryField()
    {
        var store = Create();
        var turn = new SessionTurn(SessionRoles.Assistant, "héllo \"quoted\" | bar\nline 🙂", new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(-5)).AddTicks(9), "telegram");
        await store.AppendAsync("u1", [turn], None).DefaultTimeout();
        Assert.Equal(turn, Assert.Single(await store.GetAsync("u1", None).DefaultTimeout()));
        Assert.Empty(await store.GetAsync("nobody", None).DefaultTimeout());
    }

    [Fact]
    public async Task GetAsync_AfterTtl_ReturnsEmpty()
    {
        var store = Create(ttl: TimeSpan.FromMinutes(30));
        await store.AppendAsync("u1", [Turn("hello")], None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromMinutes(29));
        Assert.Single(await store.GetAsync("u1", None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Empty(await store.GetAsync("u1", None).DefaultTimeout());
    }

    [Fact]
    public async Task AppendAsync_RefreshesTheExpiry()
    {
        var store = Create(ttl: TimeSpan.FromMinutes(30));
        await store.AppendAsync("u1", [Turn("a")], None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromMinutes(20));
        await store.AppendAsync("u1", [Turn("b")], None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromMinutes(20));
        Assert.Equal(["a", "b"], await TextsAsync(store, "u1"));
    }

    [Fact]
    public async Task AppendAsync_AfterExpiry_StartsFresh()
    {
        var store = Create(ttl: TimeSpan.FromMinutes(1));
        await store.AppendAsync("u1", [Turn("old")], None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromMinutes(5));
        await store.AppendAsync("u1", [Turn("new")], None).DefaultTimeout();
        Assert.Equal(["new"], await TextsAsync(store, "u1"));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentAppends_NoneLostAndEachWhole()
    {
        var store = Create(maxTurns: 1000);
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), async (i, ct) =>
            await store.AppendAsync("u1", [Turn($"a{i}"), Turn($"b{i}")], ct)).DefaultTimeout();

        var texts = await TextsAsync(store, "u1");
        Assert.Equal(600, texts.Length);
        for (var i = 0; i < texts.Length; i += 2)
        {
            Assert.Equal("b" + texts[i][1..], texts[i + 1]); // an append's turns are never split
        }
    }

    [Fact]
    public async Task ClearAsync_RemovesTheSession()
    {
        var store = Create();
        await store.AppendAsync("u1", [Turn("x")], None).DefaultTimeout();
        await store.ClearAsync("u1", None).DefaultTimeout();
        Assert.Empty(await store.GetAsync("u1", None).DefaultTimeout());
    }

    [Fact]
    public async Task MergeAsync_JoinsInTimeOrder_TiesKeepTheTargetFirst_SourceGone()
    {
        var store = Create(maxTurns: 10);
        await store.AppendAsync("into", [Turn("i1", TimeSpan.FromSeconds(1)), Turn("i3", TimeSpan.FromSeconds(3))], None).DefaultTimeout();
        await store.AppendAsync("from", [Turn("f0"), Turn("f3", TimeSpan.FromSeconds(3)), Turn("f4", TimeSpan.FromSeconds(4))], None).DefaultTimeout();

        await store.MergeAsync("from", "into", None).DefaultTimeout();

        Assert.Equal(["f0", "i1", "i3", "f3", "f4"], await TextsAsync(store, "into"));
        Assert.Empty(await store.GetAsync("from", None).DefaultTimeout());
    }

    [Fact]
    public async Task MergeAsync_OverCap_KeepsTheMostRecent()
    {
        var store = Create(maxTurns: 3);
        await store.AppendAsync("into", [Turn("i1", TimeSpan.FromSeconds(1)), Turn("i4", TimeSpan.FromSeconds(4))], None).DefaultTimeout();
        await store.AppendAsync("from", [Turn("f2", TimeSpan.FromSeconds(2)), Turn("f5", TimeSpan.FromSeconds(5))], None).DefaultTimeout();
        await store.MergeAsync("from", "into", None).DefaultTimeout();
        Assert.Equal(["f2", "i4", "f5"], await TextsAsync(store, "into"));
    }

    [Fact]
    public async Task MergeAsync_EmptyOrExpiredSource_LeavesTheTarget()
    {
        var store = Create(ttl: TimeSpan.FromMinutes(10));
        await store.AppendAsync("from", [Turn("stale")], None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromMinutes(8));
        await store.AppendAsync("into", [Turn("kept")], None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromMinutes(3)); // "from" expired, "into" has 7 minutes left

        await store.MergeAsync("from", "into", None).DefaultTimeout();
        await store.MergeAsync("nobody", "into", None).DefaultTimeout();
        await store.MergeAsync("into", "into", None).DefaultTimeout();

        Assert.Equal(["kept"], await TextsAsync(store, "into"));
    }

    [Fact]
    public async Task MergeAsync_IntoNothing_MovesTheSession()
    {
        var store = Create();
        await store.AppendAsync("from", [Turn("a"), Turn("b")], None).DefaultTimeout();
        await store.MergeAsync("from", "into", None).DefaultTimeout();
        Assert.Equal(["a", "b"], await TextsAsync(store, "into"));
    }
}
