using ChatHub.Conversation.Memory;

namespace ChatHub.StoreSpecs;

public abstract class MemoryStoreSpec(StoreBackend backend) : StoreSpec(backend)
{
    private static readonly MemoryOptions Options = new() { MaxEntries = 3 };

    private MemoryEntry Entry(string text, TimeSpan? ago = null) =>
        new(MemoryService.IdOf(text), text, Time.GetUtcNow() - (ago ?? TimeSpan.Zero));

    [Fact]
    public async Task AddAsync_ThenGet_OldestFirstAndOnlyTheirOwn()
    {
        var store = Context.CreateMemoryStore(Options);
        var first = Entry("I live in Lyon", TimeSpan.FromMinutes(2));
        var second = Entry("I prefer short answers", TimeSpan.FromMinutes(1));

        Assert.Equal(MemoryAddOutcome.Added, await store.AddAsync("u_ann", second, None).DefaultTimeout());
        Assert.Equal(MemoryAddOutcome.Added, await store.AddAsync("u_ann", first, None).DefaultTimeout());
        await store.AddAsync("u_bob", Entry("I am Bob"), None).DefaultTimeout();

        Assert.Equal([first, second], await store.GetAsync("u_ann", None).DefaultTimeout());
        Assert.Equal(["I am Bob"], (await store.GetAsync("u_bob", None).DefaultTimeout()).Select(e => e.Text));
        Assert.Empty(await store.GetAsync("u_nobody", None).DefaultTimeout());
    }

    [Fact]
    public async Task AddAsync_SameIdAgain_DuplicateAndKeptOnce()
    {
        var store = Context.CreateMemoryStore(Options);
        await store.AddAsync("u_ann", Entry("I live in Lyon"), None).DefaultTimeout();

        Assert.Equal(MemoryAddOutcome.Duplicate, await store.AddAsync("u_ann", Entry("I live in Lyon"), None).DefaultTimeout());
        Assert.Single(await store.GetAsync("u_ann", None).DefaultTimeout());
    }

    [Fact]
    public async Task AddAsync_AtTheCap_FullUntilOneIsRemoved()
    {
        var store = Context.CreateMemoryStore(Options);
        foreach (var text in new[] { "one", "two", "three" })
        {
            await store.AddAsync("u_ann", Entry(text), None).DefaultTimeout();
        }

        Assert.Equal(MemoryAddOutcome.Full, await store.AddAsync("u_ann", Entry("four"), None).DefaultTimeout());
        Assert.True(await store.RemoveAsync("u_ann", MemoryService.IdOf("two"), None).DefaultTimeout());
        Assert.Equal(MemoryAddOutcome.Added, await store.AddAsync("u_ann", Entry("four"), None).DefaultTimeout());
        Assert.Equal(["four", "one", "three"], (await store.GetAsync("u_ann", None).DefaultTimeout()).Select(e => e.Text).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AddAsync_ManyAtOnce_NeverMoreThanTheCap()
    {
        var store = Context.CreateMemoryStore(Options);
        var added = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 20), async (i, ct) =>
        {
            if (await store.AddAsync("u_ann", Entry($"fact {i}"), ct) == MemoryAddOutcome.Added)
            {
                Interlocked.Increment(ref added);
            }
        }).DefaultTimeout();

        Assert.Equal(3, added);
        Assert.Equal(3, (await store.GetAsync("u_ann", None).DefaultTimeout()).Count);
    }

    [Fact]
    public async Task RemoveAsync_UnknownOrOtherPersons_FalseAndNothingChanges()
    {
        var store = Context.CreateMemoryStore(Options);
        await store.AddAsync("u_ann", Entry("I live in Lyon"), None).DefaultTimeout();

        Assert.False(await store.RemoveAsync("u_ann", "000000000000", None).DefaultTimeout());
        Assert.False(await store.RemoveAsync("u_bob", MemoryService.IdOf("I live in Lyon"), None).DefaultTimeout());
        Assert.Single(await store.GetAsync("u_ann", None).DefaultTimeout());
    }

    [Fact]
    public async Task ClearAsync_RemovesAllAndCountsThem_GroupSettingStays()
    {
        var store = Context.CreateMemoryStore(Options);
        await store.AddAsync("u_ann", Entry("one"), None).DefaultTimeout();
        await store.AddAsync("u_ann", Entry("two"), None).DefaultTimeout();
        await store.AddAsync("u_bob", Entry("bob's"), None).DefaultTimeout();
        await store.SetGroupsEnabledAsync("u_ann", true, None).DefaultTimeout();

        Assert.Equal(2, await store.ClearAsync("u_ann", None).DefaultTimeout());
        Assert.Equal(0, await store.ClearAsync("u_ann", None).DefaultTimeout());
        Assert.Empty(await store.GetAsync("u_ann", None).DefaultTimeout());
        Assert.Single(await store.GetAsync("u_bob", None).DefaultTimeout());
        Assert.True(await store.GetGroupsEnabledAsync("u_ann", None).DefaultTimeout());
    }

    [Fact]
    public async Task GetAsync_AfterTheRetention_EntryGoneAndItsPlaceFree()
    {
        Context.Retention.Memories = TimeSpan.FromDays(10);
        var store = Context.CreateMemoryStore(Options);
        await store.AddAsync("u_ann", Entry("old"), None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromDays(6));
        await store.AddAsync("u_ann", Entry("newer"), None).DefaultTimeout();
        await store.AddAsync("u_ann", Entry("newest"), None).DefaultTimeout();

        await AdvanceAsync(TimeSpan.FromDays(5)); // "old" is 11 days old, the others 5

        Assert.Equal(["newer", "newest"], (await store.GetAsync("u_ann", None).DefaultTimeout()).Select(e => e.Text).Order(StringComparer.Ordinal));
        Assert.False(await store.RemoveAsync("u_ann", MemoryService.IdOf("old"), None).DefaultTimeout());
        Assert.Equal(MemoryAddOutcome.Added, await store.AddAsync("u_ann", Entry("third"), None).DefaultTimeout());
        Assert.Equal(MemoryAddOutcome.Full, await store.AddAsync("u_ann", Entry("fourth"), None).DefaultTimeout()); // the expired one no longer counts, three live do

        await AdvanceAsync(TimeSpan.FromDays(11));
        Assert.Empty(await store.GetAsync("u_ann", None).DefaultTimeout());
    }

    [Fact]
    public async Task MergeAsync_JoinsInTimeOrder_SharedFactOnce_NewestCapKept_SourceGone()
    {
        var store = Context.CreateMemoryStore(Options);
        await store.AddAsync("u_into", Entry("shared", TimeSpan.FromMinutes(5)), None).DefaultTimeout();
        await store.AddAsync("u_into", Entry("into newest", TimeSpan.FromMinutes(1)), None).DefaultTimeout();
        await store.AddAsync("u_from", Entry("from oldest", TimeSpan.FromMinutes(9)), None).DefaultTimeout();
        await store.AddAsync("u_from", Entry("shared", TimeSpan.FromMinutes(4)), None).DefaultTimeout();
        await store.AddAsync("u_from", Entry("from middle", TimeSpan.FromMinutes(3)), None).DefaultTimeout();
        await store.SetGroupsEnabledAsync("u_from", true, None).DefaultTimeout();

        await store.MergeAsync("u_from", "u_into", None).DefaultTimeout();

        var merged = await store.GetAsync("u_into", None).DefaultTimeout();
        Assert.Equal(["shared", "from middle", "into newest"], merged.Select(e => e.Text)); // 4 distinct, the newest 3 kept
        Assert.Equal(Time.GetUtcNow() - TimeSpan.FromMinutes(5), merged[0].SavedAt); // the target's copy
        Assert.Empty(await store.GetAsync("u_from", None).DefaultTimeout());
        Assert.False(await store.GetGroupsEnabledAsync("u_from", None).DefaultTimeout());
        Assert.False(await store.GetGroupsEnabledAsync("u_into", None).DefaultTimeout());
    }

    [Fact]
    public async Task MergeAsync_IntoSelfOrFromNobody_NothingChanges()
    {
        var store = Context.CreateMemoryStore(Options);
        await store.AddAsync("u_ann", Entry("one"), None).DefaultTimeout();

        await store.MergeAsync("u_ann", "u_ann", None).DefaultTimeout();
        await store.MergeAsync("u_nobody", "u_ann", None).DefaultTimeout();

        Assert.Equal(["one"], (await store.GetAsync("u_ann", None).DefaultTimeout()).Select(e => e.Text));
    }

    [Fact]
    public async Task GroupsEnabled_SetUnsetAndExpiresWithTheRetention()
    {
        Context.Retention.Memories = TimeSpan.FromDays(10);
        var store = Context.CreateMemoryStore(Options);

        Assert.False(await store.GetGroupsEnabledAsync("u_ann", None).DefaultTimeout());
        await store.SetGroupsEnabledAsync("u_ann", true, None).DefaultTimeout();
        Assert.True(await store.GetGroupsEnabledAsync("u_ann", None).DefaultTimeout());
        Assert.False(await store.GetGroupsEnabledAsync("u_bob", None).DefaultTimeout());
        await store.SetGroupsEnabledAsync("u_ann", false, None).DefaultTimeout();
        Assert.False(await store.GetGroupsEnabledAsync("u_ann", None).DefaultTimeout());

        await store.SetGroupsEnabledAsync("u_ann", true, None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromDays(11));
        Assert.False(await store.GetGroupsEnabledAsync("u_ann", None).DefaultTimeout());
    }
}
