using ChatHub.Inference.Abstractions;
using ChatHub.Inference.HotQuestions;
using ChatHub.Inference.Tests.TestSupport;

namespace ChatHub.Inference.Tests.HotQuestions;

public sealed class HotQuestionCacheTests
{
    private static readonly HotAnswer KnowledgeAnswer = new("answer", ReplySources.Knowledge);

    [Fact]
    public async Task GetOrCreateAsync_HundredConcurrentCallers_RunFactoryOnceAndShareResult()
    {
        using var harness = new HotQuestionCacheHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        async Task<HotAnswer> Factory(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref runs);
            await gate.Task.WaitAsync(cancellationToken);
            return KnowledgeAnswer;
        }

        var callers = Enumerable.Range(0, 100)
            .Select(_ => harness.Cache.GetOrCreateAsync("what is chathub", Factory, CancellationToken.None))
            .ToArray();

        Assert.Equal(100, harness.Cache.GetWaiterCount("what is chathub"));
        Assert.All(callers, caller => Assert.False(caller.IsCompleted));
        gate.SetResult();
        var results = await Task.WhenAll(callers).DefaultTimeout();

        Assert.Equal(1, runs);
        Assert.All(results, result => Assert.Same(KnowledgeAnswer, result.Answer));
        Assert.All(results, result => Assert.False(result.FromCache));
        Assert.Same(KnowledgeAnswer, harness.Store.TryGet("what is chathub"));
        Assert.Equal(0, harness.Cache.GetWaiterCount("what is chathub"));
    }

    [Fact]
    public async Task GetOrCreateAsync_HundredParallelCallers_RunFactoryOnce()
    {
        using var harness = new HotQuestionCacheHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        async Task<HotAnswer> Factory(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref runs);
            await gate.Task.WaitAsync(cancellationToken);
            return KnowledgeAnswer;
        }

        var callers = Enumerable.Range(0, 100)
            .Select(_ => Task.Run(() => harness.Cache.GetOrCreateAsync("key", Factory, CancellationToken.None)))
            .ToArray();
        gate.SetResult(); // callers arriving later find the stored answer: the factory still runs once
        var results = await Task.WhenAll(callers).DefaultTimeout();

        Assert.Equal(1, runs);
        Assert.All(results, result => Assert.Equal(KnowledgeAnswer, result.Answer));
    }

    [Fact]
    public async Task GetOrCreateAsync_FactoryThrows_AllWaitersSeeExceptionAndNothingCached()
    {
        using var harness = new HotQuestionCacheHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = 0;
        async Task<HotAnswer> Failing(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref runs);
            await gate.Task.WaitAsync(cancellationToken);
            throw new InvalidOperationException("model down");
        }

        var callers = Enumerable.Range(0, 10).Select(_ => harness.Cache.GetOrCreateAsync("k", Failing, CancellationToken.None)).ToArray();
        gate.SetResult();

        foreach (var caller in callers)
        {
            var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => caller).DefaultTimeout();
            Assert.Equal("model down", exception.Message);
        }

        Assert.Equal(1, runs);
        Assert.Null(harness.Store.TryGet("k"));

        var retry = await harness.Cache.GetOrCreateAsync("k", _ => Task.FromResult(KnowledgeAnswer), CancellationToken.None).DefaultTimeout();
        Assert.Same(KnowledgeAnswer, retry.Answer);
        Assert.False(retry.FromCache);
    }

    [Fact]
    public async Task GetOrCreateAsync_OneOfTwoCallersCancels_OtherStillGetsResult()
    {
        using var harness = new HotQuestionCacheHarness();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var factoryToken = CancellationToken.None;
        async Task<HotAnswer> Factory(CancellationToken cancellationToken)
        {
            factoryToken = cancellationToken;
            await gate.Task.WaitAsync(cancellationToken);
            return KnowledgeAnswer;
        }

        using var impatient = new CancellationTokenSource();
        var first = harness.Cache.GetOrCreateAsync("k", Factory, impatient.Token);
        var second = harness.Cache.GetOrCreateAsync("k", Factory, CancellationToken.None);

        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first).DefaultTimeout();
        Assert.False(factoryToken.IsCancellationRequested);

        gate.SetResult();
        Assert.Same(KnowledgeAnswer, (await second.DefaultTimeout()).Answer);
    }

    [Fact]
    public async Task GetOrCreateAsync_AllCallersCancel_CancelsComputationAndNextCallerStartsAfresh()
    {
        using var harness = new HotQuestionCacheHarness();
        var factoryTokens = new List<CancellationToken>();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<HotAnswer> Factory(CancellationToken cancellationToken)
        {
            factoryTokens.Add(cancellationToken);
            await gate.Task.WaitAsync(cancellationToken);
            return KnowledgeAnswer;
        }

        using var one = new CancellationTokenSource();
        using var two = new CancellationTokenSource();
        var first = harness.Cache.GetOrCreateAsync("k", Factory, one.Token);
        var second = harness.Cache.GetOrCreateAsync("k", Factory, two.Token);
        await one.CancelAsync();
        await two.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first).DefaultTimeout();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second).DefaultTimeout();

        Assert.True(Assert.Single(factoryTokens).IsCancellationRequested);

        gate.SetResult();
        var third = await harness.Cache.GetOrCreateAsync("k", Factory, CancellationToken.None).DefaultTimeout();
        Assert.Same(KnowledgeAnswer, third.Answer);
        Assert.Equal(2, factoryTokens.Count);
    }

    [Theory]
    [InlineData(ReplySources.Knowledge, true)]
    [InlineData(ReplySources.Model, true)]
    [InlineData(ReplySources.System, false)]
    [InlineData(ReplySources.Cache, false)]
    public async Task GetOrCreateAsync_AnswerSource_CachedOnlyForKnowledgeOrModel(string source, bool cached)
    {
        using var harness = new HotQuestionCacheHarness();
        var answer = new HotAnswer("text", source);

        var result = await harness.Cache.GetOrCreateAsync("k", _ => Task.FromResult(answer), CancellationToken.None).DefaultTimeout();

        Assert.Same(answer, result.Answer);
        Assert.Equal(cached, harness.Store.TryGet("k") is not null);
    }

    [Fact]
    public async Task GetOrCreateAsync_HitAndMiss_CountsWithLevelTag()
    {
        using var harness = new HotQuestionCacheHarness();

        var miss = await harness.Cache.GetOrCreateAsync("k", _ => Task.FromResult(KnowledgeAnswer), CancellationToken.None).DefaultTimeout();
        var hit = await harness.Cache.GetOrCreateAsync("k", _ => throw new InvalidOperationException("not called"), CancellationToken.None).DefaultTimeout();

        Assert.False(miss.FromCache);
        Assert.True(hit.FromCache);
        Assert.Equal(1, harness.Counters.Total("chathub.cache.hits", "level", "l1"));
        Assert.Equal(1, harness.Counters.Total("chathub.cache.misses", "level", "l1"));
        Assert.Equal("ChatHub.Inference", Assert.Single(harness.Meters.Meters).Name);
    }

    [Fact]
    public async Task SetAsync_Entry_LivesAtLeastTtlAndAtMostTtlPlusJitter()
    {
        using var harness = new HotQuestionCacheHarness(new HotQuestionCacheOptions { Ttl = TimeSpan.FromMinutes(10), TtlJitter = 0.1 });

        await harness.Cache.SetAsync("k", KnowledgeAnswer, CancellationToken.None).DefaultTimeout();

        harness.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        Assert.NotNull(await harness.Cache.GetAsync("k", CancellationToken.None).DefaultTimeout());
        harness.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromTicks(1));
        Assert.Null(await harness.Cache.GetAsync("k", CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public void ApplyJitter_RandomSamples_StayWithinBounds()
    {
        var ttl = TimeSpan.FromMinutes(10);
        var random = new Random(42);
        var seen = new HashSet<TimeSpan>();

        for (var i = 0; i < 1000; i++)
        {
            var actual = HotQuestionCache.ApplyJitter(ttl, 0.1, random.NextDouble());
            Assert.InRange(actual, ttl, TimeSpan.FromMinutes(11));
            seen.Add(actual);
        }

        Assert.True(seen.Count > 100, "jitter should spread expiries");
        Assert.Equal(ttl, HotQuestionCache.ApplyJitter(ttl, 0.0, 0.99));
        Assert.Equal(TimeSpan.FromMinutes(11), HotQuestionCache.ApplyJitter(ttl, 0.1, 1.0));
    }

    [Fact]
    public async Task RemoveAsync_CachedKey_NextLookupMisses()
    {
        using var harness = new HotQuestionCacheHarness();
        await harness.Cache.SetAsync("k", KnowledgeAnswer, CancellationToken.None).DefaultTimeout();

        await harness.Cache.RemoveAsync("k", CancellationToken.None).DefaultTimeout();

        Assert.Null(await harness.Cache.GetAsync("k", CancellationToken.None).DefaultTimeout());
    }
}
