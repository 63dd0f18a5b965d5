using ChatHub.Conversation.Usage;

namespace ChatHub.StoreSpecs;

public abstract class UsageStoreSpec(StoreBackend backend) : StoreSpec(backend)
{
    private static readonly UsageOptions Options = new() { Retention = TimeSpan.FromDays(40) };

    private DateOnly Today => DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);

    private static UsageRow Row(DateOnly day, string user, string platform, long messages, long modelCalls = 0, long promptTokens = 0, string bot = "b1") =>
        new(day, user, platform, bot, new UsageCounts { Messages = messages, ModelCalls = modelCalls, PromptTokens = promptTokens, CompletionTokens = promptTokens / 2 });

    [Fact]
    public async Task AddAsync_ThenGet_SummedPerDayPlatformAndBotAndOnlyTheirOwn()
    {
        var store = Context.CreateUsageStore(Options);
        await store.AddAsync([Row(Today, "u_ann", "telegram", 2, 1, 100), Row(Today, "u_ann", "discord", 1), Row(Today, "u_bob", "telegram", 5)], None).DefaultTimeout();
        await store.AddAsync([Row(Today, "u_ann", "telegram", 3, 2, 40), Row(Today, "u_ann", "telegram", 1, bot: "b2")], None).DefaultTimeout();

        var ann = await store.GetAsync("u_ann", Today, Today, None).DefaultTimeout();

        Assert.Equal(
            [("discord", "b1", 1L, 0L, 0L), ("telegram", "b1", 5L, 3L, 140L), ("telegram", "b2", 1L, 0L, 0L)],
            ann.Select(r => (r.Platform, r.Bot, r.Counts.Messages, r.Counts.ModelCalls, r.Counts.PromptTokens)));
        Assert.All(ann, r => Assert.Equal("u_ann", r.HubUserId));
        Assert.Equal(70, ann.Single(r => r.Platform == "telegram" && r.Bot == "b1").Counts.CompletionTokens);
        Assert.Equal(5, Assert.Single(await store.GetAsync("u_bob", Today, Today, None).DefaultTimeout()).Counts.Messages);
        Assert.Empty(await store.GetAsync("u_nobody", Today, Today, None).DefaultTimeout());
    }

    [Fact]
    public async Task GetTotalsAsync_SumsEveryPersonPerDayPlatformAndBot()
    {
        var store = Context.CreateUsageStore(Options);
        await store.AddAsync([Row(Today, "u_ann", "telegram", 2, 1, 10), Row(Today, "u_bob", "telegram", 3, 2, 20), Row(Today, "u_bob", "webchat", 1)], None).DefaultTimeout();

        var totals = await store.GetTotalsAsync(Today, Today, None).DefaultTimeout();

        Assert.Equal([("telegram", 5L, 3L, 30L), ("webchat", 1L, 0L, 0L)], totals.Select(r => (r.Platform, r.Counts.Messages, r.Counts.ModelCalls, r.Counts.PromptTokens)));
        Assert.All(totals, r => Assert.Equal(UsageRow.AllPeople, r.HubUserId));
    }

    [Fact]
    public async Task GetAsync_Range_BothEndsIncludedAndInDayOrder()
    {
        var store = Context.CreateUsageStore(Options);
        await AdvanceAsync(TimeSpan.FromDays(10));
        var today = Today;
        await store.AddAsync([Row(today.AddDays(-3), "u_ann", "telegram", 1), Row(today.AddDays(-2), "u_ann", "telegram", 2),
            Row(today, "u_ann", "telegram", 4), Row(today.AddDays(-1), "u_ann", "telegram", 3)], None).DefaultTimeout();

        var rows = await store.GetAsync("u_ann", today.AddDays(-2), today.AddDays(-1), None).DefaultTimeout();

        Assert.Equal([(today.AddDays(-2), 2L), (today.AddDays(-1), 3L)], rows.Select(r => (r.Day, r.Counts.Messages)));
        Assert.Equal([1L, 2L, 3L, 4L], (await store.GetTotalsAsync(today.AddDays(-5), today, None).DefaultTimeout()).Select(r => r.Counts.Messages));
    }

    [Fact]
    public async Task GetAsync_DayOlderThanTheRetention_ReadsAsAbsent()
    {
        var store = Context.CreateUsageStore(Options);
        var first = Today;
        await store.AddAsync([Row(first, "u_ann", "telegram", 1)], None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromDays(2));
        await store.AddAsync([Row(Today, "u_ann", "telegram", 2)], None).DefaultTimeout();

        await AdvanceAsync(TimeSpan.FromDays(39)); // the first day ended 40 days ago, the second 38
        var rows = await store.GetAsync("u_ann", first, Today, None).DefaultTimeout();

        Assert.Equal([2L], rows.Select(r => r.Counts.Messages));
        Assert.Equal([2L], (await store.GetTotalsAsync(first, Today, None).DefaultTimeout()).Select(r => r.Counts.Messages));
    }

    [Fact]
    public async Task AddAsync_ManyBatchesAtOnce_NothingLost()
    {
        var store = Context.CreateUsageStore(Options);
        await Parallel.ForEachAsync(Enumerable.Range(0, 20), async (i, ct) =>
            await store.AddAsync([Row(Today, "u_ann", "telegram", 1, 1, 10), Row(Today, $"u_{i}", "telegram", 1)], ct)).DefaultTimeout();

        var ann = Assert.Single(await store.GetAsync("u_ann", Today, Today, None).DefaultTimeout());
        Assert.Equal((20L, 20L, 200L), (ann.Counts.Messages, ann.Counts.ModelCalls, ann.Counts.PromptTokens));
        Assert.Equal(40, Assert.Single(await store.GetTotalsAsync(Today, Today, None).DefaultTimeout()).Counts.Messages);
    }

    [Fact]
    public async Task TryMarkNoticeAsync_OncePerPersonAndPeriod_AgainAfterItEnds()
    {
        var store = Context.CreateUsageStore(Options);
        var ends = Time.GetUtcNow().AddDays(1);

        Assert.True(await store.TryMarkNoticeAsync("u_ann", "day:2026-01-01", ends, None).DefaultTimeout());
        Assert.False(await store.TryMarkNoticeAsync("u_ann", "day:2026-01-01", ends, None).DefaultTimeout());
        Assert.True(await store.TryMarkNoticeAsync("u_bob", "day:2026-01-01", ends, None).DefaultTimeout());
        Assert.True(await store.TryMarkNoticeAsync("u_ann", "month:2026-01", ends, None).DefaultTimeout());

        await AdvanceAsync(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        Assert.True(await store.TryMarkNoticeAsync("u_ann", "day:2026-01-01", ends.AddDays(1), None).DefaultTimeout());
    }

    [Fact]
    public async Task EraseAsync_RemovesThePersonsRowsAndNotices_OthersAndTotalsStay()
    {
        var store = Context.CreateUsageStore(Options);
        await AdvanceAsync(TimeSpan.FromDays(3));
        await store.AddAsync([Row(Today.AddDays(-2), "u_ann", "telegram", 1), Row(Today, "u_ann", "discord", 2), Row(Today, "u_bob", "telegram", 3)], None).DefaultTimeout();
        var ends = Time.GetUtcNow().AddHours(1);
        await store.TryMarkNoticeAsync("u_ann", BudgetPeriods.Day(Today), ends, None).DefaultTimeout();
        await store.TryMarkNoticeAsync("u_ann", BudgetPeriods.Month(Today), ends, None).DefaultTimeout();

        Assert.Equal(2, await store.EraseAsync("u_ann", None).DefaultTimeout());

        Assert.Empty(await store.GetAsync("u_ann", Today.AddDays(-5), Today, None).DefaultTimeout());
        Assert.Single(await store.GetAsync("u_bob", Today.AddDays(-5), Today, None).DefaultTimeout());
        Assert.Equal(6, (await store.GetTotalsAsync(Today.AddDays(-5), Today, None).DefaultTimeout()).Sum(r => r.Counts.Messages));
        Assert.True(await store.TryMarkNoticeAsync("u_ann", BudgetPeriods.Day(Today), ends, None).DefaultTimeout());
        Assert.True(await store.TryMarkNoticeAsync("u_ann", BudgetPeriods.Month(Today), ends, None).DefaultTimeout());
        Assert.Equal(0, await store.EraseAsync("u_nobody", None).DefaultTimeout());
    }
}
