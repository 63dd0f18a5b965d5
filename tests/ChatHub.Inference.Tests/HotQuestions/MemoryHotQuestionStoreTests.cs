using ChatHub.Inference.HotQuestions;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.Options;

namespace ChatHub.Inference.Tests.HotQuestions;

public sealed class MemoryHotQuestionStoreTests
{
    private static readonly HotAnswer Answer = new("answer", "knowledge");

    [Fact]
    public void TryGet_BeforeAndAfterTtl_ReturnsThenExpires()
    {
        var time = new ManualTimeProvider();
        var store = CreateStore(time);
        store.Set("q", Answer, TimeSpan.FromMinutes(10));

        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        Assert.Same(Answer, store.TryGet("q"));

        time.Advance(TimeSpan.FromTicks(1));
        Assert.Null(store.TryGet("q"));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Set_AtMaxEntries_EvictsEntryClosestToExpiry()
    {
        var time = new ManualTimeProvider();
        var store = CreateStore(time, maxEntries: 3);
        store.Set("short", Answer, TimeSpan.FromMinutes(1));
        store.Set("long-1", Answer, TimeSpan.FromMinutes(30));
        store.Set("long-2", Answer, TimeSpan.FromMinutes(30));

        store.Set("new", Answer, TimeSpan.FromMinutes(10));

        Assert.Equal(3, store.Count);
        Assert.Null(store.TryGet("short"));
        Assert.NotNull(store.TryGet("long-1"));
        Assert.NotNull(store.TryGet("long-2"));
        Assert.NotNull(store.TryGet("new"));
    }

    [Fact]
    public void Set_AtMaxEntriesWithExpiredEntries_EvictsExpiredFirst()
    {
        var time = new ManualTimeProvider();
        var store = CreateStore(time, maxEntries: 2);
        store.Set("old", Answer, TimeSpan.FromMinutes(1));
        store.Set("keep", Answer, TimeSpan.FromMinutes(2));
        time.Advance(TimeSpan.FromMinutes(1.5));

        store.Set("new", Answer, TimeSpan.FromMinutes(10));

        Assert.Equal(2, store.Count);
        Assert.NotNull(store.TryGet("keep"));
        Assert.NotNull(store.TryGet("new"));
    }

    [Fact]
    public void Set_ExistingKeyWhenFull_ReplacesWithoutEviction()
    {
        var store = CreateStore(new ManualTimeProvider(), maxEntries: 2);
        store.Set("a", Answer, TimeSpan.FromMinutes(1));
        store.Set("b", Answer, TimeSpan.FromMinutes(1));

        var replacement = new HotAnswer("new", "model");
        store.Set("a", replacement, TimeSpan.FromMinutes(1));

        Assert.Equal(2, store.Count);
        Assert.Same(replacement, store.TryGet("a"));
    }

    [Fact]
    public void Set_ManyEntries_NeverExceedsMaxEntries()
    {
        var store = CreateStore(new ManualTimeProvider(), maxEntries: 50);

        for (var i = 0; i < 500; i++)
        {
            store.Set($"q{i}", Answer, TimeSpan.FromMinutes(1 + (i % 7)));
            Assert.InRange(store.Count, 1, 50);
        }

        Assert.NotNull(store.TryGet("q499"));
    }

    [Fact]
    public async Task RemoveAsync_Existing_RemovesEntry()
    {
        var store = CreateStore(new ManualTimeProvider());
        await store.SetAsync("q", Answer, TimeSpan.FromMinutes(1), CancellationToken.None).DefaultTimeout();

        await store.RemoveAsync("q", CancellationToken.None).DefaultTimeout();

        Assert.Null(await store.GetAsync("q", CancellationToken.None).DefaultTimeout());
    }

    private static MemoryHotQuestionStore CreateStore(TimeProvider time, int maxEntries = 10_000) =>
        new(Options.Create(new HotQuestionCacheOptions { MaxEntries = maxEntries }), time);
}
