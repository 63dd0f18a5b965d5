using ChatHub.Inference.HotQuestions;
using ChatHub.Redis.Tests.Backends;
using ChatHub.Testing.Processes;

namespace ChatHub.Redis.Tests.HotQuestions;

/// <summary>
/// Two nodes' hot-question caches (FusionCache, L1 + Redis L2 + backplane) on one redis-server: an answer computed on
/// one node is served from L2 on the other, and a change on one node drops the other node's L1 copy.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class HotQuestionCacheCrossNodeTests(RedisBackend backend) : IAsyncLifetime
{
    private readonly string _prefix = $"hq-{Guid.NewGuid():N}:";
    private CacheNode? _a;
    private CacheNode? _b;

    private CacheNode A => _a!;

    private CacheNode B => _b!;

    public async Task InitializeAsync()
    {
        _a = await CacheNode.StartAsync(backend.Server, _prefix);
        _b = await CacheNode.StartAsync(backend.Server, _prefix);
    }

    public async Task DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }
    }

    [Fact]
    public async Task GetOrCreateAsync_AnsweredOnOneNode_TheOtherServesItFromL2WithoutComputing()
    {
        var runs = 0;
        Task<HotAnswer> Compute(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref runs);
            return Task.FromResult(new HotAnswer("nine to five", "knowledge"));
        }

        var onA = await A.Cache.GetOrCreateAsync("what are your hours", Compute, default).DefaultTimeout();
        var onB = await B.Cache.GetOrCreateAsync("what are your hours", Compute, default).DefaultTimeout();

        Assert.Equal(1, runs);
        Assert.False(onA.FromCache);
        Assert.True(onB.FromCache);
        Assert.Equal("nine to five", onB.Answer.Text);
    }

    [Fact]
    public async Task GetAsync_AnswerWithSourcesAndSuggestionsSetOnOneNode_TheOtherReadsThemFromL2()
    {
        var answer = new HotAnswer("nine to five", "knowledge", ["Opening hours"]) { Suggestions = ["Are you open on Sunday?", "Où êtes-vous ? 📍"] };
        await A.Cache.SetAsync("hours with suggestions", answer, default).DefaultTimeout();

        var read = await B.Cache.GetAsync("hours with suggestions", default).DefaultTimeout();

        Assert.Equal(["Opening hours"], read!.Sources);
        Assert.Equal(["Are you open on Sunday?", "Où êtes-vous ? 📍"], read.Suggestions);
    }

    [Fact]
    public async Task SetAsync_OnOneNode_DropsTheOtherNodesL1Copy()
    {
        var first = B.NextBackplaneMessage("q");
        await A.Cache.SetAsync("q", new HotAnswer("v1", "knowledge"), default).DefaultTimeout();
        await first.DefaultTimeout();
        Assert.Equal("v1", (await B.Cache.GetAsync("q", default).DefaultTimeout())!.Text); // from L2, now in B's L1
        Assert.Equal("v1", B.LocalCopy("q")?.Text);

        var dropped = B.NextLocalChange("q");
        await A.Cache.SetAsync("q", new HotAnswer("v2", "knowledge"), default).DefaultTimeout();
        await dropped.DefaultTimeout();
        Assert.Equal("v2", (await B.Cache.GetAsync("q", default).DefaultTimeout())!.Text);

        var removed = A.NextLocalChange("q");
        await B.Cache.RemoveAsync("q", default).DefaultTimeout();
        await removed.DefaultTimeout();
        Assert.Null(await A.Cache.GetAsync("q", default).DefaultTimeout());
    }

    [Fact]
    public async Task RedisUnreachable_TheCacheWorksOnL1()
    {
        await using var down = await RespServerProcess.StartAsync(
            "redis", start: false, connectionOptions: ",connectTimeout=1000"); // nothing listens on its port
        await using var node = await CacheNode.StartAsync(down, _prefix, waitForBackplane: false);
        var runs = 0;
        Task<HotAnswer> Compute(CancellationToken cancellationToken)
        {
            runs++;
            return Task.FromResult(new HotAnswer("computed", "model"));
        }

        await node.Cache.SetAsync("warm", new HotAnswer("warmed", "knowledge"), default).DefaultTimeout(); // as the warm-up does
        var first = await node.Cache.GetOrCreateAsync("q", Compute, default).DefaultTimeout();
        var second = await node.Cache.GetOrCreateAsync("q", Compute, default).DefaultTimeout();

        Assert.False(node.Redis.IsConnected);
        Assert.Equal("warmed", (await node.Cache.GetAsync("warm", default).DefaultTimeout())!.Text);
        Assert.Equal(1, runs);
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
    }

    [Fact]
    public async Task Keys_UnderThePrefix_NormalizedQuestionOnly()
    {
        await A.Cache.SetAsync("what is chathub", new HotAnswer("a hub", "knowledge"), default).DefaultTimeout();

        var keys = (StackExchange.Redis.RedisResult[])(await backend.Connection.Database.ExecuteAsync("KEYS", _prefix + "*").DefaultTimeout())!;
        Assert.Equal($"{_prefix}v2:hot:what is chathub", (string)Assert.Single(keys)!);
    }
}
