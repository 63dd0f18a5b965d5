using ChatHub.Conversation.Sessions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Stores;

public sealed class InMemorySessionStoreTests
{
    private readonly ManualTimeProvider _time = ManualTimeProvider.WithRealTimers();

    private InMemorySessionStore Create(int maxTurns = 4, TimeSpan? ttl = null) =>
        new(Options.Create(new SessionOptions { MaxTurns = maxTurns, Ttl = ttl ?? TimeSpan.FromHours(1) }), _time);

    private SessionTurn Turn(string text) => new(SessionRoles.User, text, _time.GetUtcNow(), "webchat");

    [Fact]
    public async Task AppendAsync_OverCap_KeepsMostRecentTurnsInOrder()
    {
        var store = Create(maxTurns: 4);
        for (var i = 1; i <= 6; i++)
        {
            await store.AppendAsync("u1", [Turn($"t{i}")], CancellationToken.None).DefaultTimeout();
        }

        var turns = await store.GetAsync("u1", CancellationToken.None).DefaultTimeout();
        Assert.Equal(["t3", "t4", "t5", "t6"], turns.Select(t => t.Text));
    }

    [Fact]
    public async Task GetAsync_AfterTtl_ReturnsEmpty()
    {
        var store = Create(ttl: TimeSpan.FromMinutes(30));
        await store.AppendAsync("u1", [Turn("hello")], CancellationToken.None).DefaultTimeout();
        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.Single(await store.GetAsync("u1", CancellationToken.None).DefaultTimeout());
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(await store.GetAsync("u1", CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task AppendAsync_AfterExpiry_StartsFresh()
    {
        var store = Create(ttl: TimeSpan.FromMinutes(1));
        await store.AppendAsync("u1", [Turn("old")], CancellationToken.None).DefaultTimeout();
        _time.Advance(TimeSpan.FromMinutes(5));
        await store.AppendAsync("u1", [Turn("new")], CancellationToken.None).DefaultTimeout();
        Assert.Equal(["new"], (await store.GetAsync("u1", CancellationToken.None).DefaultTimeout()).Select(t => t.Text));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentAppends_NoneLost()
    {
        var store = Create(maxTurns: 1000);
        await Parallel.ForEachAsync(Enumerable.Range(0, 400), async (i, ct) =>
            await store.AppendAsync("u1", [Turn($"a{i}"), Turn($"b{i}")], ct)).DefaultTimeout();

        var turns = await store.GetAsync("u1", CancellationToken.None).DefaultTimeout();
        Assert.Equal(800, turns.Count);
        // Each append is atomic: a's turn is immediately followed by its b.
        for (var i = 0; i < turns.Count; i += 2)
        {
            Assert.Equal("b" + turns[i].Text[1..], turns[i + 1].Text);
        }
    }

    [Fact]
    public async Task ClearAsync_RemovesSession()
    {
        var store = Create();
        await store.AppendAsync("u1", [Turn("x")], CancellationToken.None).DefaultTimeout();
        await store.ClearAsync("u1", CancellationToken.None).DefaultTimeout();
        Assert.Empty(await store.GetAsync("u1", CancellationToken.None).DefaultTimeout());
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task AppendAsync_ManyExpiredUsers_SweepBoundsMemory()
    {
        var store = Create(ttl: TimeSpan.FromMinutes(1));
        for (var i = 0; i < 2048; i++)
        {
            await store.AppendAsync($"u{i}", [Turn("x")], CancellationToken.None).DefaultTimeout();
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(store.Count < 2048, $"expired sessions were never swept ({store.Count} kept)");
    }

    [Fact]
    public async Task AppendAsync_AfterTtlAndOneSweepInterval_OneAppendSweepsTheExpiredSession()
    {
        var store = Create(ttl: TimeSpan.FromMinutes(1));
        await store.AppendAsync("old", [Turn("x")], CancellationToken.None).DefaultTimeout();
        _time.Advance(TimeSpan.FromMinutes(1) + SweepSchedule.DefaultInterval);
        await store.AppendAsync("new", [Turn("y")], CancellationToken.None).DefaultTimeout();
        Assert.Equal(1, store.Count);
    }
}
