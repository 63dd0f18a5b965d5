using ChatHub.Inference.HotQuestions;

namespace ChatHub.StoreSpecs;

public abstract class HotQuestionStoreSpec(StoreBackend backend) : StoreSpec(backend)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);

    protected abstract string ExpectedLevel { get; }

    [Fact]
    public void Level_NamesTheTier() => Assert.Equal(ExpectedLevel, Context.CreateHotQuestionStore().Level);

    [Fact]
    public async Task SetAsync_ThenGet_ReturnsTheAnswer_MissingIsNull()
    {
        var store = Context.CreateHotQuestionStore();
        var answer = new HotAnswer("Opening hours: 9–17 🕘", "knowledge");
        await store.SetAsync("what are your hours", answer, Ttl, None).DefaultTimeout();
        Assert.Equal(answer, await store.GetAsync("what are your hours", None).DefaultTimeout());
        Assert.Null(await store.GetAsync("unknown question", None).DefaultTimeout());
    }

    [Fact]
    public async Task SetAsync_Again_Replaces()
    {
        var store = Context.CreateHotQuestionStore();
        await store.SetAsync("q", new HotAnswer("old", "model"), Ttl, None).DefaultTimeout();
        await store.SetAsync("q", new HotAnswer("new", "model"), Ttl, None).DefaultTimeout();
        Assert.Equal("new", (await store.GetAsync("q", None).DefaultTimeout())!.Text);
    }

    [Fact]
    public async Task RemoveAsync_ForgetsTheAnswer()
    {
        var store = Context.CreateHotQuestionStore();
        await store.SetAsync("q", new HotAnswer("a", "model"), Ttl, None).DefaultTimeout();
        await store.RemoveAsync("q", None).DefaultTimeout();
        Assert.Null(await store.GetAsync("q", None).DefaultTimeout());
        await store.RemoveAsync("never set", None).DefaultTimeout();
    }

    [Fact]
    public async Task GetAsync_AfterTtl_Null()
    {
        var store = Context.CreateHotQuestionStore();
        await store.SetAsync("q", new HotAnswer("a", "model"), Ttl, None).DefaultTimeout();
        await AdvanceAsync(Ttl - TimeSpan.FromSeconds(1));
        Assert.NotNull(await store.GetAsync("q", None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Null(await store.GetAsync("q", None).DefaultTimeout());
    }
}
