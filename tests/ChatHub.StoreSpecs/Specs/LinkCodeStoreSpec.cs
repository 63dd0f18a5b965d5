using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Messages;

namespace ChatHub.StoreSpecs;

public abstract class LinkCodeStoreSpec(StoreBackend backend) : StoreSpec(backend)
{
    private static readonly PlatformIdentity Issuer = new("telegram", "42");

    private LinkCode Code(string selector, TimeSpan? ttl = null, PlatformIdentity? issuer = null) => new(
        selector, "u_issuer", issuer ?? Issuer, new ConversationRef("telegram", "bot", "42", "thread"), Time.GetUtcNow() + (ttl ?? TimeSpan.FromMinutes(10)));

    [Fact]
    public async Task TryAddAsync_ThenGet_ReturnsTheCodeUnused()
    {
        var store = Context.CreateLinkCodeStore();
        var code = Code("ABCD");
        Assert.True(await store.TryAddAsync(code, None).DefaultTimeout());
        var found = await store.GetAsync("ABCD", None).DefaultTimeout();
        Assert.Equal((code, false), found);
        Assert.Null(await store.GetAsync("ZZZZ", None).DefaultTimeout());
    }

    [Fact]
    public async Task TryAddAsync_TakenSelector_False()
    {
        var store = Context.CreateLinkCodeStore();
        Assert.True(await store.TryAddAsync(Code("ABCD"), None).DefaultTimeout());
        Assert.False(await store.TryAddAsync(Code("ABCD", issuer: new PlatformIdentity("discord", "7")) with { HubUserId = "u_other" }, None).DefaultTimeout());
        Assert.Equal("u_issuer", (await store.GetAsync("ABCD", None).DefaultTimeout())!.Value.Code.HubUserId);
    }

    [Fact]
    public async Task TryAddAsync_SameIssuer_ReplacesItsLastCode_OthersStay()
    {
        var store = Context.CreateLinkCodeStore();
        var other = new PlatformIdentity("discord", "7");
        await store.TryAddAsync(Code("OLD1"), None).DefaultTimeout();
        await store.TryAddAsync(Code("OTH1", issuer: other), None).DefaultTimeout();

        Assert.True(await store.TryAddAsync(Code("NEW1"), None).DefaultTimeout());

        Assert.Null(await store.GetAsync("OLD1", None).DefaultTimeout());
        Assert.NotNull(await store.GetAsync("NEW1", None).DefaultTimeout());
        Assert.NotNull(await store.GetAsync("OTH1", None).DefaultTimeout());
    }

    [Fact]
    public async Task TryAddAsync_ManyIssuers_EveryCodeStaysLive()
    {
        var store = Context.CreateLinkCodeStore();
        for (var i = 0; i < 200; i++)
        {
            Assert.True(await store.TryAddAsync(Code($"S{i:D3}", issuer: new PlatformIdentity("webchat", $"c{i}")), None).DefaultTimeout());
        }

        for (var i = 0; i < 200; i += 37)
        {
            Assert.NotNull(await store.GetAsync($"S{i:D3}", None).DefaultTimeout());
        }
    }

    [Fact]
    public async Task TryMarkUsedAsync_OnlyTheFirstCallWins_AndGetShowsIt()
    {
        var store = Context.CreateLinkCodeStore();
        await store.TryAddAsync(Code("ABCD"), None).DefaultTimeout();
        var wins = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 50), async (_, ct) =>
        {
            if (await store.TryMarkUsedAsync("ABCD", ct))
            {
                Interlocked.Increment(ref wins);
            }
        }).DefaultTimeout();
        Assert.Equal(1, wins);
        Assert.True((await store.GetAsync("ABCD", None).DefaultTimeout())!.Value.Used);
    }

    [Fact]
    public async Task TryMarkUsedAsync_UnknownOrExpiredCode_False()
    {
        var store = Context.CreateLinkCodeStore();
        Assert.False(await store.TryMarkUsedAsync("NONE", None).DefaultTimeout());
        await store.TryAddAsync(Code("ABCD", TimeSpan.FromMinutes(1)), None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.False(await store.TryMarkUsedAsync("ABCD", None).DefaultTimeout());
    }

    [Fact]
    public async Task GetAsync_AfterExpiry_Null()
    {
        var store = Context.CreateLinkCodeStore();
        await store.TryAddAsync(Code("ABCD", TimeSpan.FromMinutes(5)), None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromMinutes(4));
        Assert.NotNull(await store.GetAsync("ABCD", None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Null(await store.GetAsync("ABCD", None).DefaultTimeout());
    }

    [Fact]
    public async Task TryAddAsync_AfterExpiry_SelectorIsFreeAgain()
    {
        var store = Context.CreateLinkCodeStore();
        await store.TryAddAsync(Code("ABCD", TimeSpan.FromMinutes(1)), None).DefaultTimeout();
        await store.TryMarkUsedAsync("ABCD", None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromMinutes(2));
        var other = new PlatformIdentity("discord", "7");
        Assert.True(await store.TryAddAsync(Code("ABCD", issuer: other), None).DefaultTimeout());
        Assert.False((await store.GetAsync("ABCD", None).DefaultTimeout())!.Value.Used);

        // The expired code's issuer no longer owns the selector: removing its codes leaves the new one.
        Assert.Equal(0, await store.RemoveIssuedByAsync(Issuer, None).DefaultTimeout());
        Assert.NotNull(await store.GetAsync("ABCD", None).DefaultTimeout());
    }

    [Fact]
    public async Task RemoveAsync_ForgetsTheCode()
    {
        var store = Context.CreateLinkCodeStore();
        await store.TryAddAsync(Code("ABCD"), None).DefaultTimeout();
        await store.RemoveAsync("ABCD", None).DefaultTimeout();
        Assert.Null(await store.GetAsync("ABCD", None).DefaultTimeout());
        Assert.False(await store.TryMarkUsedAsync("ABCD", None).DefaultTimeout());
    }

    [Fact]
    public async Task RemoveIssuedByAsync_RemovesTheIssuersLiveCodeOnly()
    {
        var store = Context.CreateLinkCodeStore();
        var other = new PlatformIdentity("discord", "7");
        await store.TryAddAsync(Code("MINE"), None).DefaultTimeout();
        await store.TryAddAsync(Code("THEM", issuer: other), None).DefaultTimeout();

        Assert.Equal(1, await store.RemoveIssuedByAsync(Issuer, None).DefaultTimeout());
        Assert.Equal(0, await store.RemoveIssuedByAsync(Issuer, None).DefaultTimeout());

        Assert.Null(await store.GetAsync("MINE", None).DefaultTimeout());
        Assert.NotNull(await store.GetAsync("THEM", None).DefaultTimeout());
    }
}
