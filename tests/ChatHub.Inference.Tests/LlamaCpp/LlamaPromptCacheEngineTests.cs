using ChatHub.Inference.LlamaCpp;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.LlamaCpp;

/// <summary>The prompt cache on the real library and the generated tiny model: what a second turn reuses, and that it changes nothing.</summary>
[Collection(LlamaCollection.Name)]
public sealed class LlamaPromptCacheEngineTests(LlamaFixture fixture)
{
    private static readonly string[] Questions = ["hello there", "what is the weather today", "tell me a short story", "yes"];

    [Fact]
    public async Task Generate_SecondTurn_ReusesTheFirstTurnAndGivesTheColdStartsTokens()
    {
        using var warm = LlamaEngine.Create(fixture.Options());
        using var cold = LlamaEngine.Create(fixture.Options(o => o.PromptCache = false));
        var statistics = warm.Instances[0].Statistics;
        foreach (var question in Questions)
        {
            var first = Tokenize(warm, question);
            var reply = (await GenerateAsync(warm, first, 24))[0];
            var second = Concat(first, reply, Tokenize(warm, " and then?", addSpecial: false));
            var reusedBefore = statistics.ReusedPromptTokens;

            var warmTokens = (await GenerateAsync(warm, second, 24))[0];
            var coldTokens = (await GenerateAsync(cold, second, 24))[0];

            // All but the new tokens and the reply's last one (sampled, never decoded: the reply ended there).
            Assert.Equal(first.Length + reply.Count - 1, statistics.ReusedPromptTokens - reusedBefore);
            Assert.Equal(coldTokens, warmTokens);
        }

        Assert.Equal(0, cold.Instances[0].Statistics.ReusedPromptTokens);
    }

    [Fact]
    public async Task Generate_FourFollowUpsInOneBatch_EachGetsItsColdStartsTokens()
    {
        using var warm = LlamaEngine.Create(fixture.Options());
        using var cold = LlamaEngine.Create(fixture.Options(o => o.PromptCache = false));
        var firsts = Questions.Select(question => Tokenize(warm, question)).ToArray();
        var replies = await GenerateAsync(warm, firsts, 16);
        var seconds = firsts.Select((first, i) => Concat(first, replies[i], Tokenize(warm, " why?", addSpecial: false))).ToArray();
        var reusedBefore = warm.Instances[0].Statistics.ReusedPromptTokens;

        var warmTokens = await GenerateAsync(warm, seconds, 16);
        var coldTokens = new List<List<int>>();
        foreach (var second in seconds)
        {
            coldTokens.Add((await GenerateAsync(cold, second, 16))[0]); // alone, from scratch
        }

        Assert.Equal(firsts.Sum(first => first.Length + 16 - 1), warm.Instances[0].Statistics.ReusedPromptTokens - reusedBefore);
        Assert.Equal(coldTokens, warmTokens);
    }

    [Fact]
    public async Task Generate_PromptSharingOnlyItsStart_ReusesExactlyTheCommonTokensAndGivesTheColdStartsTokens()
    {
        using var warm = LlamaEngine.Create(fixture.Options(o => o.MaxSequences = 1));
        using var cold = LlamaEngine.Create(fixture.Options(o => (o.MaxSequences, o.PromptCache) = (1, false)));
        var someone = Tokenize(warm, "my account number is one two three four");
        var other = Tokenize(warm, "my account number is five six seven eight");
        var common = someone.AsSpan().CommonPrefixLength(other);
        Assert.InRange(common, 2, other.Length - 2); // the test needs a real shared start and a real difference
        await GenerateAsync(warm, someone, 16);
        var reusedBefore = warm.Instances[0].Statistics.ReusedPromptTokens;

        var warmTokens = (await GenerateAsync(warm, other, 16))[0];
        var coldTokens = (await GenerateAsync(cold, other, 16))[0];

        Assert.Equal(common, warm.Instances[0].Statistics.ReusedPromptTokens - reusedBefore);
        Assert.Equal(coldTokens, warmTokens);
        Assert.Equal(other.Length + 16 - 2, warm.Instances[0].GetCachedPositionMax(0)); // the other prompt and its reply, nothing of the first
    }

    [Fact]
    public async Task Generate_SlotTakenByAnotherConversation_SavesTheFirstToHostMemoryAndRestoresIt()
    {
        using var warm = LlamaEngine.Create(fixture.Options(o => o.MaxSequences = 1));
        using var cold = LlamaEngine.Create(fixture.Options(o => (o.MaxSequences, o.PromptCache) = (1, false)));
        var instance = warm.Instances[0];
        var first = Tokenize(warm, "tell me a short story");
        var reply = (await GenerateAsync(warm, first, 24))[0];
        Assert.Equal(new LlamaPromptCacheUsage(1, first.Length + 23, instance.PromptCache.HeldBytes, 0, 0, 0), instance.PromptCache);
        Assert.True(instance.PromptCache.HeldBytes > 0);

        await GenerateAsync(warm, Tokenize(warm, "what is the weather today"), 24); // the only slot is needed
        var saved = instance.PromptCache;
        var second = Concat(first, reply, Tokenize(warm, " go on", addSpecial: false));
        var reusedBefore = instance.Statistics.ReusedPromptTokens;
        var warmTokens = (await GenerateAsync(warm, second, 24))[0];
        var coldTokens = (await GenerateAsync(cold, second, 24))[0];

        Assert.Equal(1, saved.SavedSequences);
        Assert.Equal(first.Length + 23, saved.SavedTokens);
        Assert.InRange(saved.SavedBytes, 1, LlamaCppOptions.DefaultPromptCacheBytes);
        Assert.Equal(first.Length + 23, instance.Statistics.ReusedPromptTokens - reusedBefore);
        Assert.Equal(coldTokens, warmTokens);
        Assert.Equal(1, instance.PromptCache.SavedSequences); // the weather conversation went to host memory in turn
    }

    [Fact]
    public async Task Generate_HostMemoryBudgetForOneCopy_KeepsOnlyTheMostRecentWithinTheBudget()
    {
        var budget = await LargestCopyBytesAsync(); // any two copies are larger: ~30 tokens each, none twice another
        using var engine = LlamaEngine.Create(fixture.Options(o => (o.MaxSequences, o.PromptCacheBytes) = (1, budget)));
        var instance = engine.Instances[0];
        var prompts = Questions.Select(question => Tokenize(engine, question)).ToArray();
        foreach (var prompt in prompts)
        {
            await GenerateAsync(engine, prompt, 24);
            Assert.InRange(instance.PromptCache.SavedBytes, 0, budget);
        }

        Assert.Equal(1, instance.PromptCache.SavedSequences);
        var reusedBefore = instance.Statistics.ReusedPromptTokens;
        await GenerateAsync(engine, prompts[^2], 4); // the one saved last: restored
        await GenerateAsync(engine, prompts[0], 4);  // evicted long ago: only the shared first token, if any

        Assert.Equal(prompts[^2].Length - 1 + LlamaCommonPrefix(prompts[0], prompts[^2]), instance.Statistics.ReusedPromptTokens - reusedBefore);
    }

    [Fact]
    public async Task Cancel_WhileGenerating_EmptiesTheSlotSoNothingOfItIsReused()
    {
        using var engine = LlamaEngine.Create(fixture.Options(o => (o.MaxSequences, o.ContextSize) = (1, LlamaInstanceTests.LongContext)));
        var instance = engine.Instances[0];
        var prompt = Tokenize(engine, "tell me a long story");
        using var cancellation = new CancellationTokenSource();
        var request = new LlamaRequest(prompt, LlamaInstanceTests.LongReply, LlamaSamplingSettings.Greedy, interactive: true, cancellation.Token);
        Assert.True(engine.TrySubmit(request));
        await request.Pieces.ReadAsync().AsTask().DefaultTimeout();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.Pieces.ReadAllAsync().ToListWithTimeoutAsync());

        Assert.Equal(-1, instance.GetCachedPositionMax(0));
        Assert.Equal(LlamaPromptCacheUsage.Empty, instance.PromptCache);
        var reusedBefore = instance.Statistics.ReusedPromptTokens;
        await GenerateAsync(engine, prompt, 4);
        Assert.Equal(0, instance.Statistics.ReusedPromptTokens - reusedBefore);
    }

    [Fact]
    public async Task Generate_FailedStep_ForgetsEverySlotsCells()
    {
        using var engine = LlamaEngine.Create(fixture.Options(o => o.MaxSequences = 2));
        var instance = engine.Instances[0];
        var prompt = Tokenize(engine, "hello there");
        await GenerateAsync(engine, prompt, 8);
        Assert.Equal(1, instance.PromptCache.HeldSequences);

        // A token outside the vocabulary (in the other slot: nothing in common): llama_decode refuses the batch (-1), the step fails.
        var invalid = new LlamaRequest([engine.Model.VocabSize + 5], 4, LlamaSamplingSettings.Greedy, interactive: true, CancellationToken.None);
        Assert.True(engine.TrySubmit(invalid));
        await Assert.ThrowsAsync<InvalidOperationException>(() => invalid.Pieces.ReadAllAsync().ToListWithTimeoutAsync());

        Assert.Equal(LlamaPromptCacheUsage.Empty, instance.PromptCache);
        Assert.Equal(-1, instance.GetCachedPositionMax(0));
        Assert.Equal(-1, instance.GetCachedPositionMax(1));
        var reusedBefore = instance.Statistics.ReusedPromptTokens;
        var again = await GenerateAsync(engine, prompt, 8);
        Assert.Equal(0, instance.Statistics.ReusedPromptTokens - reusedBefore);
        Assert.Equal(8, again[0].Count);
    }

    [Fact]
    public async Task GetResponseAsync_SecondTurnThroughTheChatTemplate_ReusesFirstPromptAndReplyAndAnswersAsCold()
    {
        using var warm = LlamaCppChatClient.Create(fixture.Options());
        using var cold = LlamaEngine.Create(fixture.Options(o => o.PromptCache = false));
        var budget = warm.Engine.SequenceContextSize - 16;
        var firstTurn = Messages.Ask("what is the weather today");
        var firstPrompt = warm.Prompts.Build(firstTurn, budget, out _);
        var answer = await warm.GetResponseAsync(firstTurn).DefaultTimeout();
        List<ChatMessage> secondTurn = [.. firstTurn, new(ChatRole.Assistant, answer.Text), new(ChatRole.User, "and tomorrow?")];
        var secondPrompt = warm.Prompts.Build(secondTurn, budget, out _);
        var statistics = warm.Engine.Instances[0].Statistics;
        var reusedBefore = statistics.ReusedPromptTokens;

        var warmAnswer = await warm.GetResponseAsync(secondTurn).DefaultTimeout();
        var coldRequest = new LlamaRequest(secondPrompt, 16, LlamaSamplingSettings.Greedy, interactive: true, CancellationToken.None);
        Assert.True(cold.TrySubmit(coldRequest));
        var coldAnswer = string.Concat(await coldRequest.Pieces.ReadAllAsync().ToListWithTimeoutAsync());

        // The first prompt and the reply as generated (but its last token, never decoded) come from the cache.
        Assert.Equal(firstPrompt.Length + 16 - 1, statistics.ReusedPromptTokens - reusedBefore);
        Assert.Equal(coldAnswer, warmAnswer.Text);
    }

    [Fact]
    public async Task Generate_IdleConversationBetweenTwoGeneratingOnes_StaysIntactThroughTheBridgedSteps()
    {
        // Full batches only: a planner judging smaller batches faster on a loaded machine would let 0 and 2 take turns,
        // and nothing would need bridging.
        using var warm = LlamaEngine.Create(fixture.Options(o => (o.MaxSequences, o.AdaptiveBatching) = (3, false)));
        using var cold = LlamaEngine.Create(fixture.Options(o => o.PromptCache = false));
        var instance = warm.Instances[0];
        using var cancellation = new CancellationTokenSource();
        var before = new LlamaRequest(Tokenize(warm, "tell me a long story"), 10_000, LlamaSamplingSettings.Greedy, interactive: true, cancellation.Token);
        Assert.True(warm.TrySubmit(before)); // sequence 0
        await before.Pieces.ReadAsync().AsTask().DefaultTimeout();
        var kept = Tokenize(warm, "hello there");
        var reply = (await GenerateAsync(warm, kept, 16))[0]; // sequence 1, then idle, holding it
        var after = (await GenerateAsync(warm, Tokenize(warm, "what is the weather today"), 24))[0]; // sequence 2: 0 and 2 generate around 1
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => before.Pieces.ReadAllAsync().ToListWithTimeoutAsync());

        Assert.True(instance.Statistics.BridgeTokens >= after.Count - 1, "sequence 1 was bridged while 0 and 2 generated");
        Assert.Equal(kept.Length + 16 - 2, instance.GetCachedPositionMax(1)); // nothing of the throwaway tokens left
        var second = Concat(kept, reply, Tokenize(warm, " and?", addSpecial: false));
        var reusedBefore = instance.Statistics.ReusedPromptTokens;
        var warmTokens = (await GenerateAsync(warm, second, 16))[0];
        Assert.Equal(kept.Length + 16 - 1, instance.Statistics.ReusedPromptTokens - reusedBefore);
        Assert.Equal((await GenerateAsync(cold, second, 16))[0], warmTokens);
    }

    [Fact]
    public async Task TrySubmit_TwoInstances_SendsAConversationsTurnsToItsInstance()
    {
        using var engine = LlamaEngine.Create(fixture.Options(o => (o.Instances, o.Threads, o.MaxSequences) = (2, Math.Min(2, Environment.ProcessorCount), 2)));
        var first = Tokenize(engine, "hello there");
        var request = new LlamaRequest(first, 8, LlamaSamplingSettings.Greedy, interactive: true, CancellationToken.None) { Affinity = 1 };
        Assert.True(engine.TrySubmit(request));
        await request.Pieces.ReadAllAsync().ToListWithTimeoutAsync();
        Assert.Equal([0, first.Length], engine.Instances.Select(instance => instance.Statistics.PromptTokens)); // its own, not the first idle one

        var second = new LlamaRequest([.. first, .. request.Tokens, .. Tokenize(engine, " ok", addSpecial: false)], 8, LlamaSamplingSettings.Greedy, interactive: true, CancellationToken.None) { Affinity = 1 };
        Assert.True(engine.TrySubmit(second));
        await second.Pieces.ReadAllAsync().ToListWithTimeoutAsync();

        Assert.Equal(first.Length + 8 - 1, engine.Instances[1].Statistics.ReusedPromptTokens);
        Assert.Equal(
            LlamaCppChatClient.AffinityOf(Messages.Ask("hello there")),
            LlamaCppChatClient.AffinityOf([.. Messages.Ask("hello there"), new(ChatRole.Assistant, "hi"), new(ChatRole.User, "more")]));
    }

    internal static async Task<List<int>[]> GenerateAsync(LlamaEngine engine, int[][] prompts, int maxTokens)
    {
        var requests = prompts.Select(prompt => new LlamaRequest(prompt, maxTokens, LlamaSamplingSettings.Greedy, interactive: true, CancellationToken.None)).ToArray();
        foreach (var request in requests)
        {
            Assert.True(engine.TrySubmit(request));
        }

        foreach (var request in requests)
        {
            await request.Pieces.ReadAllAsync().ToListWithTimeoutAsync();
        }

        return [.. requests.Select(request => request.Tokens)];
    }

    private static Task<List<int>[]> GenerateAsync(LlamaEngine engine, int[] prompt, int maxTokens) => GenerateAsync(engine, [prompt], maxTokens);

    private static int[] Tokenize(LlamaEngine engine, string text, bool addSpecial = true) =>
        engine.Model.Tokenize(text, addSpecial, parseSpecial: false);

    private static int[] Concat(int[] first, List<int> reply, int[] next) => [.. first, .. reply, .. next];

    private static int LlamaCommonPrefix(int[] a, int[] b) => Math.Min(a.AsSpan().CommonPrefixLength(b), a.Length - 1);

    private async Task<long> LargestCopyBytesAsync()
    {
        using var engine = LlamaEngine.Create(fixture.Options(o => (o.MaxSequences, o.PromptCache) = (1, true)));
        long largest = 0;
        foreach (var question in Questions)
        {
            await GenerateAsync(engine, Tokenize(engine, question), 24);
            largest = Math.Max(largest, engine.Instances[0].PromptCache.HeldBytes);
        }

        return largest;
    }
}
