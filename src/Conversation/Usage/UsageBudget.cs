using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Usage;

/// <summary>
/// The per-person budgets (<see cref="BudgetOptions"/>). Asked by the model stage only when the model is about to answer
/// (cache and knowledge-base answers never ask), so a question answered without the model costs no read here.
/// </summary>
public sealed partial class UsageBudget(
    UsageRecorder recorder, IUsageStore store, IOptions<BudgetOptions> options, TimeProvider time, ILogger<UsageBudget> logger)
{
    private readonly BudgetOptions _options = options.Value;

    public bool Enabled => _options.IsSet;

    /// <summary>The person's usage today and this month (store plus this node's unwritten counts).</summary>
    public ValueTask<(UsageCounts Day, UsageCounts Month)> UsedAsync(string hubUserId, CancellationToken cancellationToken) =>
        UsedAsync(hubUserId, wholeMonth: true, cancellationToken);

    /// <summary>As above; without <paramref name="wholeMonth"/> only today is read (the month's sum is then today's).</summary>
    private async ValueTask<(UsageCounts Day, UsageCounts Month)> UsedAsync(string hubUserId, bool wholeMonth, CancellationToken cancellationToken)
    {
        var today = Today();
        var from = wholeMonth ? new DateOnly(today.Year, today.Month, 1) : today;
        UsageCounts day = default, month = default;
        foreach (var row in await recorder.GetAsync(hubUserId, from, today, cancellationToken))
        {
            month += row.Counts;
            if (row.Day == today)
            {
                day += row.Counts;
            }
        }

        return (day, month);
    }

    /// <summary>Whether the model may answer <paramref name="hubUserId"/> now; when not, whether to tell them (once per period).</summary>
    public async ValueTask<BudgetDecision> CheckAsync(string hubUserId, CancellationToken cancellationToken)
    {
        if (!_options.IsSet)
        {
            return BudgetDecision.Allow;
        }

        var (day, month) = await UsedAsync(hubUserId, _options.PerPersonMonthly.IsSet, cancellationToken);
        var today = Today();
        string period;
        DateTimeOffset ends;
        string notice;
        if (_options.PerPersonMonthly.IsReachedBy(month))
        {
            period = BudgetPeriods.Month(today);
            ends = new DateTimeOffset(new DateOnly(today.Year, today.Month, 1).AddMonths(1), TimeOnly.MinValue, TimeSpan.Zero);
            notice = _options.MonthlyNotice;
        }
        else if (_options.PerPersonDaily.IsReachedBy(day))
        {
            period = BudgetPeriods.Day(today);
            ends = new DateTimeOffset(today.AddDays(1), TimeOnly.MinValue, TimeSpan.Zero);
            notice = _options.DailyNotice;
        }
        else
        {
            return BudgetDecision.Allow;
        }

        var tell = await store.TryMarkNoticeAsync(hubUserId, period, ends, cancellationToken);
        LogRefused(logger, period, tell);
        return new BudgetDecision(false, period, tell ? notice : null);
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    [LoggerMessage(EventId = 3903, Level = LogLevel.Information, Message = "Model not asked: the person's {Period} budget is used up (told now: {Notified})")]
    private static partial void LogRefused(ILogger logger, string period, bool notified);
}
