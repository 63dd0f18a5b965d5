using ChatHub.Conversation.Sessions;

namespace ChatHub.StoreSpecs;

public abstract class SummaryStoreSpec(StoreBackend backend) : StoreSpec(backend)
{
    private static readonly SessionOptions Options = new() { Ttl = TimeSpan.FromHours(1) };

    private ConversationSummary Summary(string text, int minutesAgo) => new(text, Time.GetUtcNow() - TimeSpan.FromMinutes(minutesAgo));

    [Fact]
    public async Task SetAsync_ThenGet_TheirOwnOnly()
    {
        var store = Context.CreateSummaryStore(Options);
        var ann = Summary("Ann lives in Lyon.\nShe asked about trains.", 5);

        await store.SetAsync("u_ann", ann, None).DefaultTimeout();

        Assert.Equal(ann, await store.GetAsync("u_ann", None).DefaultTimeout());
        Assert.Null(await store.GetAsync("u_bob", None).DefaultTimeout());
    }

    [Fact]
    public async Task SetAsync_OlderThanTheStoredOne_Ignored_LaterOneReplaces()
    {
        var store = Context.CreateSummaryStore(Options);
        await store.SetAsync("u_ann", Summary("newer", 2), None).DefaultTimeout();

        await store.SetAsync("u_ann", Summary("older", 5), None).DefaultTimeout();
        Assert.Equal("newer", (await store.GetAsync("u_ann", None).DefaultTimeout())!.Text);

        await store.SetAsync("u_ann", Summary("newest", 1), None).DefaultTimeout();
        Assert.Equal("newest", (await store.GetAsync("u_ann", None).DefaultTimeout())!.Text);
    }

    [Fact]
    public async Task GetAsync_AfterTheTtl_NullAndAnOlderOneMayBeWrittenAgain()
    {
        var store = Context.CreateSummaryStore(Options);
        await store.SetAsync("u_ann", Summary("kept", 1), None).DefaultTimeout();

        await AdvanceAsync(TimeSpan.FromMinutes(59));
        Assert.NotNull(await store.GetAsync("u_ann", None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Null(await store.GetAsync("u_ann", None).DefaultTimeout());

        await store.SetAsync("u_ann", Summary("again", 600), None).DefaultTimeout();
        Assert.Equal("again", (await store.GetAsync("u_ann", None).DefaultTimeout())!.Text);
    }

    [Fact]
    public async Task ClearAsync_Removes()
    {
        var store = Context.CreateSummaryStore(Options);
        await store.SetAsync("u_ann", Summary("kept", 1), None).DefaultTimeout();

        await store.ClearAsync("u_ann", None).DefaultTimeout();

        Assert.Null(await store.GetAsync("u_ann", None).DefaultTimeout());
    }

    [Fact]
    public async Task MergeAsync_BothTextsOlderFirst_UpToTheLaterTime_SourceGone()
    {
        var store = Context.CreateSummaryStore(Options);
        await store.SetAsync("u_into", Summary("into's", 2), None).DefaultTimeout();
        await store.SetAsync("u_from", Summary("from's", 7), None).DefaultTimeout();

        await store.MergeAsync("u_from", "u_into", None).DefaultTimeout();

        Assert.Equal(Summary("from's\n\ninto's", 2), await store.GetAsync("u_into", None).DefaultTimeout());
        Assert.Null(await store.GetAsync("u_from", None).DefaultTimeout());
    }

    [Fact]
    public async Task MergeAsync_IntoNoneOrFromNone_MovesOrKeeps()
    {
        var store = Context.CreateSummaryStore(Options);
        await store.SetAsync("u_from", Summary("from's", 3), None).DefaultTimeout();
        await store.SetAsync("u_kept", Summary("kept", 3), None).DefaultTimeout();

        await store.MergeAsync("u_from", "u_into", None).DefaultTimeout();
        await store.MergeAsync("u_nobody", "u_kept", None).DefaultTimeout();
        await store.MergeAsync("u_kept", "u_kept", None).DefaultTimeout();

        Assert.Equal(Summary("from's", 3), await store.GetAsync("u_into", None).DefaultTimeout());
        Assert.Equal(Summary("kept", 3), await store.GetAsync("u_kept", None).DefaultTimeout());
    }
}
