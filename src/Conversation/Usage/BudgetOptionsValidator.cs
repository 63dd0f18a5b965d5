using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Usage;

/// <summary>Refuses budgets that cannot be meant: negative limits, a monthly limit below the daily one, an empty notice.</summary>
public sealed class BudgetOptionsValidator : IValidateOptions<BudgetOptions>
{
    public ValidateOptionsResult Validate(string? name, BudgetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (section, limit) in new[] { ("PerPersonDaily", options.PerPersonDaily), ("PerPersonMonthly", options.PerPersonMonthly) })
        {
            if (limit is null)
            {
                failures.Add($"Budgets:{section} must not be empty.");
                continue;
            }

            if (limit.ModelCalls < 0 || limit.Tokens < 0)
            {
                failures.Add($"Budgets:{section}:ModelCalls and Tokens must not be negative (0 is no limit).");
            }
        }

        if (failures.Count == 0)
        {
            var (daily, monthly) = (options.PerPersonDaily, options.PerPersonMonthly);
            if (daily.ModelCalls > 0 && monthly.ModelCalls > 0 && monthly.ModelCalls < daily.ModelCalls)
            {
                failures.Add("Budgets:PerPersonMonthly:ModelCalls is below Budgets:PerPersonDaily:ModelCalls.");
            }

            if (daily.Tokens > 0 && monthly.Tokens > 0 && monthly.Tokens < daily.Tokens)
            {
                failures.Add("Budgets:PerPersonMonthly:Tokens is below Budgets:PerPersonDaily:Tokens.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.DailyNotice) || string.IsNullOrWhiteSpace(options.MonthlyNotice))
        {
            failures.Add("Budgets:DailyNotice and Budgets:MonthlyNotice must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
