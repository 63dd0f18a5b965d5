using ChatHub.Inference.Abstractions;
using ChatHub.Inference.HotQuestions;
using ChatHub.Inference.Tests.TestSupport;

namespace ChatHub.Inference.Tests.HotQuestions;

/// <summary>The hot-question cache on FusionCache (L1 only here; L2 and backplane: tests/ChatHub.Redis.Tests/HotQuestions).</summary>
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
            .Select(_ => Task.Run(() => harness.Cache.GetOrCreateAsync("what is chathub", Factory, CancellationToken.None)))
            .ToArray();
        Assert.All(callers, caller => Assert.False(caller.IsCompleted));
        gate.SetResult();
        var results = await Task.WhenAll(callers).DefaultTimeout();

        Assert.Equal(1, runs);
        Assert.All(results, result => Assert.Equal(KnowledgeAnswer, result.Answer));
        Assert.Single(results, result => !result.FromCache); // the caller whose factory ran; the others read its answer
        Assert.Equal(KnowledgeAnswer, harness.Store.TryGet("what is chathub"));
    }

    [Fact]
    public async Task GetOrCreateAsync_FactoryThrows_CallerSeesExceptionAndNothingCached()
    {
        using var harness = new HotQuestionCacheHarness();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Cache.GetOrCreateAsync(
            "k", _ => throw new InvalidOperationException("model down"), CancellationToken.None)).DefaultTimeout();

        Assert.Equal("model down", exception.Message);
        Assert.Null(harness.Store.TryGet("k"));
        var retry = await harness.Cache.GetOrCreateAsync("k", _ => Task.FromResult(KnowledgeAnswer), CancellationToken.None).DefaultTimeout();
        Assert.Same(KnowledgeAnswer, retry.Answer);
        Assert.False(retry.FromCache);
    }

    [Fact]
    public async Task GetOrCreateAsync_ExpiredAnswerAndFactoryFails_ServesTheStaleAnswer()
    {
        using var harness = new HotQuestionCacheHarness();
        await harness.Cache.SetAsync("k", KnowledgeAnswer, CancellationToken.None).DefaultTimeout();
        await harness.Fusion.ExpireAsync(HotQuestionCache.KeyPrefix + "k"); // as if its lifetime had passed (kept for fail-safe)

        var afterError = await harness.Cache.GetOrCreateAsync(
            "k", _ => throw new InvalidOperationException("model down"), CancellationToken.None).DefaultTimeout();
        await harness.Fusion.ExpireAsync(HotQuestionCache.KeyPrefix + "k");
        var afterFallback = await harness.Cache.GetOrCreateAsync(
            "k", _ => Task.FromResult(new HotAnswer("sorry, try later", ReplySources.System)), CancellationToken.None).DefaultTimeout();

        Assert.Equal(new HotQuestionLookup(KnowledgeAnswer, FromCache: true), afterError);
        Assert.Equal(new HotQuestionLookup(KnowledgeAnswer, FromCache: true), afterFallback);
    }

    [Fact]
    public async Task GetOrCreateAsync_StaleAnswerAndSlowComputation_ServesStaleAfterSoftTimeout_ThenTheComputationLands()
    {
        using var harness = new HotQuestionCacheHarness(new HotQuestionCacheOptions { FactorySoftTimeout = TimeSpan.FromMilliseconds(10) });
        await harness.Cache.SetAsync("k", KnowledgeAnswer, CancellationToken.None).DefaultTimeout();
        await harness.Fusion.ExpireAsync(HotQuestionCache.KeyPrefix + "k");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fresh = new HotAnswer("fresh answer", ReplySources.Model);
        var landed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Fusion.Events.BackgroundFactorySuccess += (_, _) => landed.TrySetResult();

        // The computation waits for the gate, which opens only after the caller has its answer: it can only be the stale one.
        var lookup = await harness.Cache.GetOrCreateAsync("k", async _ =>
        {
            await gate.Task;
            return fresh;
        }, CancellationToken.None).DefaultTimeout();
        gate.SetResult();
        await landed.Task.DefaultTimeout(); // it finished in the background and was stored

        Assert.Equal(new HotQuestionLookup(KnowledgeAnswer, FromCache: true), lookup);
        Assert.Equal(fresh, harness.Store.TryGet("k"));
    }

    [Fact]
    public async Task GetOrCreateAsync_CallerCancels_ComputationCanceled_NextCallerComputesAfresh()
    {
        using var harness = new HotQuestionCacheHarness();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<HotAnswer> Hanging(CancellationToken cancellationToken)
        {
            started.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return KnowledgeAnswer;
        }

        using var impatient = new CancellationTokenSource();
        var first = harness.Cache.GetOrCreateAsync("k", Hanging, impatient.Token);
        await started.Task.DefaultTimeout();
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first).DefaultTimeout();

        var next = await harness.Cache.GetOrCreateAsync("k", _ => Task.FromResult(KnowledgeAnswer), CancellationToken.None).DefaultTimeout();
        Assert.Same(KnowledgeAnswer, next.Answer);
        Assert.False(next.FromCache);
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
        Assert.False(result.FromCache);
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
        Assert.True(harness.Counters.Total("chathub.cache.misses", "level", "l1") >= 1);
        Assert.Equal("ChatHub.Inference", Assert.Single(harness.Meters.Meters).Name);
    }

    [Fact]
    public void EntryOptions_FromTheSettings_LifetimeJitterFailSafeAndTimeouts()
    {
        var options = HotQuestionCache.CreateEntryOptions(new HotQuestionCacheOptions
        {
            Ttl = TimeSpan.FromMinutes(10),
            TtlJitter = 0.1,
            FailSafeMaxDuration = TimeSpan.FromHours(2),
            FactorySoftTimeout = TimeSpan.FromSeconds(3),
            DistributedSoftTimeout = TimeSpan.FromMilliseconds(100),
        });

        Assert.Equal(TimeSpan.FromMinutes(10), options.Duration);
        Assert.Equal(TimeSpan.FromMinutes(1), options.JitterMaxDuration); // expiries spread over [Ttl, Ttl + 10 %]
        Assert.True(options.IsFailSafeEnabled);
        Assert.Equal(TimeSpan.FromMinutes(130), options.FailSafeMaxDuration);
        Assert.Equal(TimeSpan.FromSeconds(3), options.FactorySoftTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.DistributedCacheSoftTimeout);
        Assert.Equal(1, options.Size);
    }

    [Fact]
    public async Task RemoveAsync_CachedKey_NextLookupMisses()
    {
        using var harness = new HotQuestionCacheHarness();
        await harness.Cache.SetAsync("k", KnowledgeAnswer, CancellationToken.None).DefaultTimeout();

        await harness.Cache.RemoveAsync("k", CancellationToken.None).DefaultTimeout();

        Assert.Null(await harness.Cache.GetAsync("k", CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task DropLocalCopies_EmptiesTheL1()
    {
        using var harness = new HotQuestionCacheHarness();
        await harness.Cache.SetAsync("k", KnowledgeAnswer, CancellationToken.None).DefaultTimeout();

        harness.Cache.DropLocalCopies();

        Assert.Equal(0, harness.Store.Count);
        Assert.Null(await harness.Cache.GetAsync("k", CancellationToken.None).DefaultTimeout());
    }
}
