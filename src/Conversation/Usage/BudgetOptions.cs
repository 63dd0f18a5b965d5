namespace ChatHub.Conversation.Usage;

/// <summary>
/// Per-person model budgets (<c>Budgets</c>), per UTC day and per UTC calendar month, in model calls and/or tokens;
/// all 0 (the default) is no budget. Checked before each model answer against the usage so far (this node's counts at
/// once, other nodes' after their flush), so the answer that crosses a limit is completed and the next one is refused.
/// When refused, cache and knowledge-base answers are still served; the person is told once per period.
/// </summary>
public sealed class BudgetOptions
{
    public const string SectionName = "Budgets";

    public BudgetLimit PerPersonDaily { get; set; } = new();

    public BudgetLimit PerPersonMonthly { get; set; } = new();

    /// <summary>Told once a day when the daily budget is used up.</summary>
    public string DailyNotice { get; set; } =
        "You have used today's share of answers from the language model. I can still answer questions from the FAQ; the rest has to wait until tomorrow (midnight UTC).";

    /// <summary>Told once a month when the monthly budget is used up.</summary>
    public string MonthlyNotice { get; set; } =
        "You have used this month's share of answers from the language model. I can still answer questions from the FAQ; the rest has to wait until next month.";

    public bool IsSet => PerPersonDaily.IsSet || PerPersonMonthly.IsSet;
}
