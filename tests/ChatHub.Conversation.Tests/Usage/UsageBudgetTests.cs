using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Usage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Usage;

/// <summary>The recorder's batches and the per-person budgets (issue 22), on the in-memory store and a manual clock.</summary>
public sealed class UsageBudgetTests
{
    private static readonly ConversationRef Telegram = new(ChannelNames.Telegram, "bot1", "c1");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 31, 23, 0, 0, TimeSpan.Zero));
    private readonly FlakyStore _store;
    private readonly UsageRecorder _recorder;

    public UsageBudgetTests()
    {
        _store = new FlakyStore(new InMemoryUsageStore(Options.Create(new UsageOptions()), _time));
        _recorder = new UsageRecorder(_store, Options.Create(new UsageOptions { MaxPendingRows = 16 }), _time, NullLogger<UsageRecorder>.Instance);
    }

    private UsageBudget Budget(BudgetOptions options) => new(_recorder, _store, Options.Create(options), _time, NullLogger<UsageBudget>.Instance);

    private static UsageCounts ModelAnswer(long tokens = 0) => new() { Messages = 1, ModelCalls = 1, PromptTokens = tokens };

    private DateOnly Today => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task Record_SeenBeforeTheFlush_WrittenOnceByIt()
    {
        _recorder.Record("u_ann", Telegram, ReplySource.Model, ModelAnswer(10));
        _recorder.Record("u_ann", Telegram, ReplySource.Model, ModelAnswer(5));

        Assert.Empty(await _store.GetAsync("u_ann", Today, Today, CancellationToken.None).DefaultTimeout());
        Assert.Equal(15, Assert.Single(await _recorder.GetAsync("u_ann", Today, Today, CancellationToken.None).DefaultTimeout()).Counts.PromptTokens);

        await _recorder.FlushAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(0, _recorder.PendingRows);
        Assert.Equal(2, Assert.Single(await _store.GetAsync("u_ann", Today, Today, CancellationToken.None).DefaultTimeout()).Counts.ModelCalls);
        Assert.Equal(2, Assert.Single(await _recorder.GetAsync("u_ann", Today, Today, CancellationToken.None).DefaultTimeout()).Counts.ModelCalls);
    }

    [Fact]
    public async Task FlushAsync_StoreFails_CountsKeptForTheNextFlush()
    {
        _recorder.Record("u_ann", Telegram, ReplySource.Model, ModelAnswer());
        _store.FailNext = true;

        await _recorder.FlushAsync(CancellationToken.None).DefaultTimeout();
        _recorder.Record("u_ann", Telegram, ReplySource.Model, ModelAnswer());
        Assert.Equal(1, _recorder.PendingRows);
        await _recorder.FlushAsync(CancellationToken.None).DefaultTimeout();

        Assert.Equal(2, Assert.Single(await _store.GetAsync("u_ann", Today, Today, CancellationToken.None).DefaultTimeout()).Counts.ModelCalls);
    }

    [Fact]
    public async Task CheckAsync_DailyCallsReached_RefusedAndToldOncePerDay_AllowedAgainTheNextDay()
    {
        var budget = Budget(new BudgetOptions { PerPersonDaily = new BudgetLimit { ModelCalls = 2 } });
        _recorder.Record("u_ann", Telegram, ReplySource.Model, ModelAnswer());
        Assert.True((await budget.CheckAsync("u_ann", CancellationToken.None).DefaultTimeout()).Allowed);
        _recorder.Record("u_ann", Telegram, ReplySource.Model, ModelAnswer());

        var first = await budget.CheckAsync("u_ann", CancellationToken.None).DefaultTimeout();
        var second = await budget.CheckAsync("u_ann", CancellationToken.None).DefaultTimeout();

        Assert.Equal((false, "day:2026-01-31"), (first.Allowed, first.Period));
        Assert.Contains("today's share", first.Notice, StringComparison.Ordinal);
        Assert.Equal((false, (string?)null), (second.Allowed, second.Notice));
        Assert.True((await budget.CheckAsync("u_bob", CancellationToken.None).DefaultTimeout()).Allowed);

        _time.Advance(TimeSpan.FromHours(1)); // 2026-02-01, UTC
        Assert.True((await budget.CheckAsync("u_ann", CancellationToken.None).DefaultTimeout()).Allowed);
    }

    [Fact]
    public async Task CheckAsync_MonthlyTokensReached_TheMonthsNoticeOnce_EvenWhenTheDayIsAlsoUsedUp()
    {
        var budget = Budget(new BudgetOptions
        {
            PerPersonDaily = new BudgetLimit { ModelCalls = 1 },
            PerPersonMonthly = new BudgetLimit { Tokens = 100 },
        });
        _time.Advance(-TimeSpan.FromDays(3));
        _recorder.Record("u_ann", Telegram, ReplySource.Model, ModelAnswer(80)); // three days ago
        await _recorder.FlushAsync(CancellationToken.None).DefaultTimeout();
        _time.Advance(TimeSpan.FromDays(3));
        Assert.True((await budget.CheckAsync("u_ann", CancellationToken.None).DefaultTimeout()).Allowed);
        _recorder.Record("u_ann", Telegram, ReplySource.Model, ModelAnswer(30));

        var refused = await budget.CheckAsync("u_ann", CancellationToken.None).DefaultTimeout();

        Assert.Equal((false, "month:2026-01"), (refused.Allowed, refused.Period));
        Assert.Contains("this month's share", refused.Notice, StringComparison.Ordinal);
        Assert.Null((await budget.CheckAsync("u_ann", CancellationToken.None).DefaultTimeout()).Notice);
    }

    [Fact]
    public async Task CheckAsync_NoBudget_AllowedWithoutReadingAnything()
    {
        var budget = Budget(new BudgetOptions());
        _store.FailNext = true; // a read would throw

        Assert.False(budget.Enabled);
        Assert.True((await budget.CheckAsync("u_ann", CancellationToken.None).DefaultTimeout()).Allowed);
    }

    [Fact]
    public async Task Erase_PendingAndStoredCountsOfThePersonGone()
    {
        _recorder.Record("u_ann", Telegram, ReplySource.Model, ModelAnswer());
        await _recorder.FlushAsync(CancellationToken.None).DefaultTimeout();
        _recorder.Record("u_ann", Telegram, ReplySource.Model, ModelAnswer());
        _recorder.Record("u_bob", Telegram, ReplySource.Model, ModelAnswer());

        Assert.Equal(2, await new UsageEraser(_store, _recorder).EraseAsync("u_ann", [], [], CancellationToken.None).DefaultTimeout());

        Assert.Empty(await _recorder.GetAsync("u_ann", Today, Today, CancellationToken.None).DefaultTimeout());
        Assert.Single(await _recorder.GetAsync("u_bob", Today, Today, CancellationToken.None).DefaultTimeout());
    }

    [Theory]
    [InlineData(-1, 0, 0, 0, "Budgets:PerPersonDaily:ModelCalls and Tokens must not be negative")]
    [InlineData(10, 0, 5, 0, "Budgets:PerPersonMonthly:ModelCalls is below Budgets:PerPersonDaily:ModelCalls.")]
    [InlineData(0, 1000, 0, 999, "Budgets:PerPersonMonthly:Tokens is below Budgets:PerPersonDaily:Tokens.")]
    public void Validator_BudgetsThatCannotBeMeant_Refused(int dailyCalls, long dailyTokens, int monthlyCalls, long monthlyTokens, string reason)
    {
        var options = new BudgetOptions
        {
            PerPersonDaily = new BudgetLimit { ModelCalls = dailyCalls, Tokens = dailyTokens },
            PerPersonMonthly = new BudgetLimit { ModelCalls = monthlyCalls, Tokens = monthlyTokens },
        };

        var result = new BudgetOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new BudgetOptionsValidator().Validate(null, new BudgetOptions { PerPersonDaily = new BudgetLimit { ModelCalls = 5 } }).Succeeded);
    }

    /// <summary>The in-memory store, whose next call can be made to fail.</summary>
    private sealed class FlakyStore(IUsageStore inner) : IUsageStore
    {
        public bool FailNext { get; set; }

        public async ValueTask AddAsync(IReadOnlyCollection<UsageRow> rows, CancellationToken cancellationToken)
        {
            Fail();
            await inner.AddAsync(rows, cancellationToken);
        }

        public async ValueTask<IReadOnlyList<UsageRow>> GetAsync(string hubUserId, DateOnly first, DateOnly last, CancellationToken cancellationToken)
        {
            Fail();
            return await inner.GetAsync(hubUserId, first, last, cancellationToken);
        }

        public ValueTask<IReadOnlyList<UsageRow>> GetTotalsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
            inner.GetTotalsAsync(first, last, cancellationToken);

        public ValueTask<bool> TryMarkNoticeAsync(string hubUserId, string period, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
            inner.TryMarkNoticeAsync(hubUserId, period, expiresAt, cancellationToken);

        public ValueTask<int> EraseAsync(string hubUserId, CancellationToken cancellationToken) => inner.EraseAsync(hubUserId, cancellationToken);

        private void Fail()
        {
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("store down");
            }
        }
    }
}
