using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.LlamaCpp;

[Collection(LlamaCollection.Name)]
public sealed class LlamaInstanceTests(LlamaFixture fixture)
{
    /// <summary>Replies long enough (seconds, even for the tiny model) to still be running when a test looks at them; they are canceled.</summary>
    internal const int LongContext = 4096;

    internal const int LongReply = 4000;

    [Fact]
    public async Task Cancel_WhileGenerating_FreesTheSequencesKvCache()
    {
        using var engine = LlamaEngine.Create(fixture.Options(o => (o.MaxSequences, o.ContextSize) = (2, LongContext)));
        var instance = engine.Instances[0];
        using var cancellation = new CancellationTokenSource();
        var prompt = engine.Model.Tokenize("tell me a long story", addSpecial: true, parseSpecial: false);
        var request = new LlamaRequest(prompt, maxTokens: LongReply, LlamaSamplingSettings.Greedy, interactive: true, cancellation.Token);
        Assert.True(engine.TrySubmit(request));

        await request.Pieces.ReadAsync().AsTask().DefaultTimeout(); // generating: its prompt and first token are cached
        Assert.True(instance.GetCachedPositionMax(0) >= prompt.Length - 1);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.Pieces.ReadAllAsync().ToListWithTimeoutAsync());

        Assert.Equal(-1, instance.GetCachedPositionMax(0));
        Assert.Equal(0, instance.ActiveSequences);
        Assert.Equal(0, instance.InFlight);
    }

    [Fact]
    public async Task TrySubmit_QueueFull_RefusesInsteadOfGrowing()
    {
        using var engine = LlamaEngine.Create(fixture.Options(o => (o.MaxSequences, o.QueueCapacity, o.ContextSize) = (1, 2, LongContext)));
        using var cancellation = new CancellationTokenSource();
        var prompt = engine.Model.Tokenize("hi", addSpecial: true, parseSpecial: false);
        LlamaRequest NewRequest() => new(prompt, maxTokens: LongReply, LlamaSamplingSettings.Greedy, interactive: true, cancellation.Token);

        var accepted = Enumerable.Range(0, 3).Select(_ => NewRequest()).ToArray();
        Assert.All(accepted, request => Assert.True(engine.TrySubmit(request)));
        var refused = engine.TrySubmit(NewRequest());
        await cancellation.CancelAsync();
        foreach (var request in accepted)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.Pieces.ReadAllAsync().ToListWithTimeoutAsync());
        }

        Assert.False(refused);
        Assert.Equal(0, engine.Instances[0].InFlight);
    }

    [Fact]
    public async Task Generate_EndOfGenerationToken_StopsWithoutText()
    {
        using var engine = LlamaEngine.Create(fixture.Options(path: fixture.EndingModelPath));
        var request = new LlamaRequest(
            engine.Model.Tokenize("hi", addSpecial: true, parseSpecial: false), 16, LlamaSamplingSettings.Greedy, interactive: true, CancellationToken.None);
        Assert.True(engine.TrySubmit(request));

        var pieces = await request.Pieces.ReadAllAsync().ToListWithTimeoutAsync();

        Assert.Empty(pieces);
        Assert.Empty(request.Tokens);
        Assert.Equal(ChatFinishReason.Stop, request.FinishReason);
    }

    [Fact]
    public async Task Generate_ReplyReachesTheSequenceContext_StopsWithLength()
    {
        using var engine = LlamaEngine.Create(fixture.Options(o => o.ContextSize = 64));
        var context = engine.SequenceContextSize;
        var prompt = engine.Model.Tokenize("hello", addSpecial: true, parseSpecial: false);
        var request = new LlamaRequest(prompt, maxTokens: 10_000, LlamaSamplingSettings.Greedy, interactive: false, CancellationToken.None);
        Assert.True(engine.TrySubmit(request));

        await request.Pieces.ReadAllAsync().ToListWithTimeoutAsync();

        Assert.Equal(ChatFinishReason.Length, request.FinishReason);
        Assert.Equal(context - prompt.Length + 1, request.Tokens.Count);
    }

    [Fact]
    public async Task Create_TwoInstances_SplitThreadsAndShareTheLoad()
    {
        using var engine = LlamaEngine.Create(fixture.Options(o => (o.Instances, o.Threads, o.MaxSequences, o.ContextSize) = (2, Math.Min(2, Environment.ProcessorCount), 1, LongContext)));
        using var cancellation = new CancellationTokenSource();
        var prompt = engine.Model.Tokenize("hi", addSpecial: true, parseSpecial: false);
        var requests = Enumerable.Range(0, 2)
            .Select(_ => new LlamaRequest(prompt, LongReply, LlamaSamplingSettings.Greedy, interactive: true, cancellation.Token)).ToArray();

        Assert.All(requests, request => Assert.True(engine.TrySubmit(request)));
        var loads = engine.Instances.Select(instance => instance.InFlight).ToArray();
        await cancellation.CancelAsync();
        foreach (var request in requests)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.Pieces.ReadAllAsync().ToListWithTimeoutAsync());
        }

        Assert.Equal([1, 1], loads);
        Assert.All(engine.Instances, instance => Assert.Equal(1, instance.Threads)); // 2 threads (at most the cores) over 2 instances
    }
}
