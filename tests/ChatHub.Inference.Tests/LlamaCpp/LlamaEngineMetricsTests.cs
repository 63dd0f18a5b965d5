using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.LlamaCpp;

[Collection(LlamaCollection.Name)]
public sealed class LlamaEngineMetricsTests(LlamaFixture fixture)
{
    [Fact]
    public async Task Generate_TwoConversations_RecordsBatchSizePerStepAndEveryGeneratedToken()
    {
        using var meters = new TestMeterFactory();
        using var recorder = new MeasurementRecorder(meters);
        using var engine = LlamaEngine.Create(
            fixture.Options(o => (o.MaxSequences, o.ContextSize) = (2, LlamaInstanceTests.LongContext)), meterFactory: meters);
        var prompt = engine.Model.Tokenize("tell me a long story", addSpecial: true, parseSpecial: false);
        using var cancellation = new CancellationTokenSource();
        var running = new LlamaRequest(prompt, LlamaInstanceTests.LongReply, LlamaSamplingSettings.Greedy, interactive: true, cancellation.Token);
        var shortOne = new LlamaRequest(prompt, maxTokens: 8, LlamaSamplingSettings.Greedy, interactive: true, CancellationToken.None);

        Assert.True(engine.TrySubmit(running));
        await running.Pieces.ReadAsync().AsTask().DefaultTimeout(); // generating, so the next one joins its steps
        Assert.True(engine.TrySubmit(shortOne));
        await shortOne.Pieces.ReadAllAsync().ToListWithTimeoutAsync();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.Pieces.ReadAllAsync().ToListWithTimeoutAsync());

        Assert.Equal(ChatFinishReason.Length, shortOne.FinishReason);
        var batchSizes = recorder.Of(LlamaEngineMetrics.BatchSizeName);
        Assert.Equal(engine.Instances[0].Statistics.Steps, batchSizes.Count);
        Assert.All(batchSizes, m => Assert.InRange(m.Value, 1, 2));
        Assert.Contains(batchSizes, m => m.Value == 2);
        var tokens = recorder.Of(LlamaEngineMetrics.TokensName);
        Assert.Equal(running.Tokens.Count + shortOne.Tokens.Count, tokens.Sum(m => m.Value));
        var model = Path.GetFileNameWithoutExtension(fixture.TinyModelPath);
        Assert.All(batchSizes.Concat(tokens), m =>
        {
            Assert.Equal(model, m.Tags[LlamaEngineMetrics.ModelTag]);
            Assert.Equal("0", m.Tags[LlamaEngineMetrics.InstanceTag]);
        });
    }

    [Fact]
    public async Task Generate_EndOfGenerationOnly_CountsNoTokens()
    {
        using var meters = new TestMeterFactory();
        using var recorder = new MeasurementRecorder(meters);
        using var engine = LlamaEngine.Create(fixture.Options(path: fixture.EndingModelPath), meterFactory: meters);
        var request = new LlamaRequest(
            engine.Model.Tokenize("hi", addSpecial: true, parseSpecial: false), 8, LlamaSamplingSettings.Greedy, interactive: true, CancellationToken.None);

        Assert.True(engine.TrySubmit(request));
        await request.Pieces.ReadAllAsync().ToListWithTimeoutAsync();

        Assert.Equal(ChatFinishReason.Stop, request.FinishReason);
        Assert.Empty(recorder.Of(LlamaEngineMetrics.TokensName));
        Assert.Equal([1L], recorder.Of(LlamaEngineMetrics.BatchSizeName).Select(m => m.Value));
    }

    [Fact]
    public async Task Generate_FollowUpTurn_CountsReusedAndComputedPromptTokensAndReportsWhatTheCacheHolds()
    {
        using var meters = new TestMeterFactory();
        using var recorder = new MeasurementRecorder(meters);
        using var engine = LlamaEngine.Create(fixture.Options(o => o.MaxSequences = 2), meterFactory: meters);
        var first = engine.Model.Tokenize("hello there", addSpecial: true, parseSpecial: false);
        var reply = (await LlamaPromptCacheEngineTests.GenerateAsync(engine, [first], 8))[0];
        int[] second = [.. first, .. reply, .. engine.Model.Tokenize(" ok", addSpecial: false, parseSpecial: false)];
        await LlamaPromptCacheEngineTests.GenerateAsync(engine, [second], 8);
        recorder.CollectObservables();

        long Prompt(string source) => recorder.Of(LlamaEngineMetrics.PromptTokensName).Where(m => m.Tags[LlamaEngineMetrics.SourceTag] == source).Sum(m => m.Value);
        Assert.Equal(first.Length + reply.Count - 1, Prompt("cache"));
        Assert.Equal(first.Length + second.Length - (first.Length + reply.Count - 1), Prompt("computed"));
        long Gauge(string name, string tier) => Assert.Single(recorder.Of(name), m => m.Tags[LlamaEngineMetrics.TierTag] == tier).Value;
        var usage = engine.Instances[0].PromptCache;
        Assert.Equal(1, Gauge(LlamaEngineMetrics.CacheSequencesName, "context"));
        Assert.Equal(second.Length + 7, Gauge(LlamaEngineMetrics.CacheTokensName, "context"));
        Assert.Equal(usage.HeldBytes, Gauge(LlamaEngineMetrics.CacheBytesName, "context"));
        Assert.True(usage.HeldBytes > 0);
        Assert.Equal(0, Gauge(LlamaEngineMetrics.CacheSequencesName, "host"));
        Assert.Equal(0, Gauge(LlamaEngineMetrics.CacheBytesName, "host"));
    }
}
