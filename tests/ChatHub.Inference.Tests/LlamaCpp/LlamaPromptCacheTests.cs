using ChatHub.Inference.LlamaCpp;

namespace ChatHub.Inference.Tests.LlamaCpp;

/// <summary>The prompt cache's decisions, without the library: which slot a prompt takes and how much of it is reused.</summary>
public sealed class LlamaPromptCacheTests
{
    private static readonly int[] Conversation = [.. Enumerable.Range(1, 40)];

    [Fact]
    public void Plan_NothingHeld_StartsColdInTheLowestFreeSlot()
    {
        var cache = new LlamaPromptCache(4, 64, enabled: true, budgetBytes: 1000);

        var plan = cache.Plan([1, 2, 3]);

        Assert.Equal(new LlamaReusePlan(LlamaReuseKind.Cold, cache.Slots[0], 0), plan);
    }

    [Fact]
    public void Plan_FollowUpOfAHeldConversation_ReusesItInPlace()
    {
        var cache = new LlamaPromptCache(4, 64, enabled: true, budgetBytes: 1000);
        Hold(cache, 2, Conversation);

        var plan = cache.Plan([.. Conversation, 90, 91]);

        Assert.Equal(new LlamaReusePlan(LlamaReuseKind.InPlace, cache.Slots[2], Conversation.Length), plan);
    }

    [Fact]
    public void Plan_PromptEqualToWhatIsHeld_LeavesItsLastTokenToDecode()
    {
        var cache = new LlamaPromptCache(1, 64, enabled: true, budgetBytes: 1000);
        Hold(cache, 0, Conversation.AsSpan(0, 12).ToArray());

        var plan = cache.Plan(Conversation.AsSpan(0, 10));

        // The first logits come from decoding the prompt's last token; the 3 tokens lost are not worth a copy.
        Assert.Equal(new LlamaReusePlan(LlamaReuseKind.InPlace, cache.Slots[0], 9), plan);
    }

    [Fact]
    public void Plan_DifferentFirstToken_ReusesNothing()
    {
        var cache = new LlamaPromptCache(2, 64, enabled: true, budgetBytes: 1000);
        Hold(cache, 0, Conversation);

        var plan = cache.Plan([99, .. Conversation[1..]]);

        Assert.Equal(new LlamaReusePlan(LlamaReuseKind.Cold, cache.Slots[1], 0), plan); // the free slot; the held one stays
    }

    [Fact]
    public void Plan_SharedStartOfALongerConversation_CopiesItIntoAFreeSlotAndKeepsTheOriginal()
    {
        var cache = new LlamaPromptCache(3, 64, enabled: true, budgetBytes: 1000);
        Hold(cache, 1, Conversation);

        var plan = cache.Plan([1, 2, 3, 4, 5, 77, 78]);

        Assert.Equal(new LlamaReusePlan(LlamaReuseKind.CopyFromSlot, cache.Slots[0], 5, Source: cache.Slots[1]), plan);
    }

    [Fact]
    public void Plan_SharedStartNoFreeSlot_SavesTheConversationBeforeCuttingIt()
    {
        var cache = new LlamaPromptCache(1, 64, enabled: true, budgetBytes: 1000);
        Hold(cache, 0, Conversation);

        var plan = cache.Plan([1, 2, 3, 4, 5, 77, 78]);

        Assert.Equal(new LlamaReusePlan(LlamaReuseKind.InPlace, cache.Slots[0], 5, SaveFirst: true), plan);
    }

    [Fact]
    public void Plan_SeveralSlotsShareTheStart_TakesTheOneThatLosesLeast()
    {
        var cache = new LlamaPromptCache(3, 64, enabled: true, budgetBytes: 1000);
        Hold(cache, 0, Conversation);
        Hold(cache, 1, [1, 2, 3, 4, 5, 6, 7, 8]);
        Hold(cache, 2, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

        var plan = cache.Plan([1, 2, 3, 4, 5, 60, 61]);

        Assert.Equal(new LlamaReusePlan(LlamaReuseKind.InPlace, cache.Slots[1], 5), plan);
    }

    [Fact]
    public void Plan_LongerPrefixInHostMemory_RestoresItIntoTheLeastRecentlyUsedSlot()
    {
        var cache = new LlamaPromptCache(2, 64, enabled: true, budgetBytes: 1000);
        Hold(cache, 0, [1, 2, 3, 50, 51]);
        Hold(cache, 1, [.. Enumerable.Range(100, 20)]);
        var saved = Save(cache, Conversation, bytes: 100);

        var plan = cache.Plan([.. Conversation, 90]);

        Assert.Equal(new LlamaReusePlan(LlamaReuseKind.Restore, cache.Slots[0], Conversation.Length, Saved: saved), plan);
    }

    [Fact]
    public void Plan_EveryIdleSlotHeldAndNothingShared_EvictsTheLeastRecentlyUsedAfterSavingIt()
    {
        var cache = new LlamaPromptCache(2, 64, enabled: true, budgetBytes: 1000);
        Hold(cache, 0, Conversation);
        Hold(cache, 1, [.. Enumerable.Range(100, 20)]);
        cache.Slots[0].LastUsed = cache.Tick(); // slot 1 is now the least recently used

        var plan = cache.Plan([7, 7, 7]);

        Assert.Equal(new LlamaReusePlan(LlamaReuseKind.Cold, cache.Slots[1], 0, SaveFirst: true), plan);
    }

    [Fact]
    public void Plan_BusySlots_AreNeverChosen()
    {
        var cache = new LlamaPromptCache(2, 64, enabled: true, budgetBytes: 1000);
        Hold(cache, 0, Conversation);
        cache.Slots[0].Active = Busy(cache.Slots[0]);

        var plan = cache.Plan([.. Conversation, 90]);

        Assert.Equal(new LlamaReusePlan(LlamaReuseKind.Cold, cache.Slots[1], 0), plan);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void Plan_CacheOffOrRequestOptedOut_StartsCold(bool enabled, bool reuse)
    {
        var cache = new LlamaPromptCache(1, 64, enabled, budgetBytes: 1000);
        Hold(cache, 0, Conversation);

        var plan = cache.Plan([.. Conversation, 90], reuse);

        Assert.Equal(LlamaReuseKind.Cold, plan.Kind);
        Assert.Equal(0, plan.Reuse);
    }

    [Fact]
    public void TryAddSaved_OverTheBudget_DropsTheLeastRecentlyUsedCopies()
    {
        var cache = new LlamaPromptCache(1, 64, enabled: true, budgetBytes: 250);
        var first = Save(cache, [1, 2], bytes: 100);
        var second = Save(cache, [3, 4], bytes: 100);
        first.LastUsed = cache.Tick(); // used since: the second is the least recently used

        var third = Save(cache, [5, 6], bytes: 100);

        Assert.Equal([first, third], cache.Saved);
        Assert.Equal(200, cache.SavedBytes);
        Assert.DoesNotContain(second, cache.Saved);
    }

    [Fact]
    public void TryAddSaved_LargerThanTheBudget_IsRefused()
    {
        var cache = new LlamaPromptCache(1, 64, enabled: true, budgetBytes: 250);

        Assert.False(cache.TryAddSaved(new LlamaSavedSequence([1], new byte[300], 300)));
        Assert.Empty(cache.Saved);
    }

    [Fact]
    public void TryAddSaved_LongerVersionOfASavedConversation_ReplacesIt()
    {
        var cache = new LlamaPromptCache(1, 64, enabled: true, budgetBytes: 1000);
        Save(cache, [1, 2, 3], bytes: 100);

        var longer = Save(cache, [1, 2, 3, 4, 5], bytes: 150);

        Assert.Equal([longer], cache.Saved);
        Assert.Equal(150, cache.SavedBytes);
    }

    [Fact]
    public void Publish_IdleAndSaved_ReportsBothTiers()
    {
        var cache = new LlamaPromptCache(3, 64, enabled: true, budgetBytes: 1000);
        Hold(cache, 0, Conversation).HeldBytes = 4000;
        Hold(cache, 1, [1, 2, 3]).Active = Busy(cache.Slots[1]); // decoding: not part of the cache
        Save(cache, [5, 6, 7, 8], bytes: 300);

        cache.Publish();

        Assert.Equal(new LlamaPromptCacheUsage(1, Conversation.Length, 4000, 1, 4, 300), cache.Usage);
    }

    private static LlamaSlot Hold(LlamaPromptCache cache, int slot, int[] tokens)
    {
        var held = cache.Slots[slot];
        held.Load(tokens);
        held.LastUsed = cache.Tick();
        return held;
    }

    private static LlamaSavedSequence Save(LlamaPromptCache cache, int[] tokens, int bytes)
    {
        var saved = new LlamaSavedSequence(tokens, new byte[bytes], bytes);
        Assert.True(cache.TryAddSaved(saved));
        return saved;
    }

    private static LlamaSequence Busy(LlamaSlot slot) =>
        new(slot, new LlamaRequest([1], 1, LlamaSamplingSettings.Greedy, interactive: true, CancellationToken.None), sampler: null);
}
