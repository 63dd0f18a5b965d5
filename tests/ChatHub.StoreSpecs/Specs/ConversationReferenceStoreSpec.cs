using ChatHub.Conversation.Messages;

namespace ChatHub.StoreSpecs;

/// <summary>
/// The contract of <see cref="Conversation.Routing.IConversationReferenceStore"/>: a value per conversation key, replaced
/// by each write, gone after its lifetime (renewed by each write) or when removed, and visible to every store instance
/// of the backend (another node, a restarted process).
/// </summary>
public abstract class ConversationReferenceStoreSpec(StoreBackend backend) : StoreSpec(backend)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);
    private static readonly ConversationRef Personal = new(ChannelNames.Teams, "bot", "a:1personal");
    private static readonly ConversationRef Thread = new(ChannelNames.Teams, "bot", "19:abc@thread.tacv2", "1767604801004");

    [Fact]
    public async Task SetAsync_ThenGetAsync_ReturnsTheValue_OtherConversationsUnknown()
    {
        var store = Context.CreateConversationReferenceStore();

        await store.SetAsync(Personal, """{"serviceUrl":"https://smba.trafficmanager.net/emea/"}""", Lifetime, None).DefaultTimeout();

        Assert.Equal("""{"serviceUrl":"https://smba.trafficmanager.net/emea/"}""", await store.GetAsync(Personal, None).DefaultTimeout());
        Assert.Null(await store.GetAsync(Thread, None).DefaultTimeout());
        Assert.Null(await store.GetAsync(Personal with { ChatId = "a:1other" }, None).DefaultTimeout());
    }

    [Fact]
    public async Task SetAsync_Again_ReplacesTheValue()
    {
        var store = Context.CreateConversationReferenceStore();

        await store.SetAsync(Thread, "first", Lifetime, None).DefaultTimeout();
        await store.SetAsync(Thread, "second", Lifetime, None).DefaultTimeout();

        Assert.Equal("second", await store.GetAsync(Thread, None).DefaultTimeout());
    }

    [Fact]
    public async Task GetAsync_AnotherInstanceOfTheBackend_SeesTheValue()
    {
        await Context.CreateConversationReferenceStore().SetAsync(Personal, "shared", Lifetime, None).DefaultTimeout();

        Assert.Equal("shared", await Context.CreateConversationReferenceStore().GetAsync(Personal, None).DefaultTimeout());
    }

    [Fact]
    public async Task GetAsync_AfterItsLifetime_Null_AWriteRenewsIt()
    {
        var store = Context.CreateConversationReferenceStore();
        var lifetime = TimeSpan.FromDays(10);
        await store.SetAsync(Personal, "kept", lifetime, None).DefaultTimeout();
        await store.SetAsync(Thread, "expires", lifetime, None).DefaultTimeout();

        await AdvanceAsync(TimeSpan.FromDays(6));
        await store.SetAsync(Personal, "kept", lifetime, None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromDays(6));

        Assert.Equal("kept", await store.GetAsync(Personal, None).DefaultTimeout());
        Assert.Null(await store.GetAsync(Thread, None).DefaultTimeout());
    }

    [Fact]
    public async Task RemoveAsync_Forgets_TrueOnlyWhenOneWasStored()
    {
        var store = Context.CreateConversationReferenceStore();
        await store.SetAsync(Personal, "x", Lifetime, None).DefaultTimeout();

        Assert.True(await store.RemoveAsync(Personal, None).DefaultTimeout());
        Assert.Null(await store.GetAsync(Personal, None).DefaultTimeout());
        Assert.False(await store.RemoveAsync(Personal, None).DefaultTimeout());
        Assert.False(await store.RemoveAsync(Thread, None).DefaultTimeout());
    }
}
