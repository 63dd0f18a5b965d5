namespace ChatHub.Conversation.Usage;

/// <summary>
/// Whether the model may answer the person now. When not, <see cref="Period"/> names the budget period that is used up
/// (<c>day:2026-01-05</c>, <c>month:2026-01</c>) and <see cref="Notice"/> is the text to tell them, only the first time
/// in that period (null afterwards: nothing is said).
/// </summary>
public readonly record struct BudgetDecision(bool Allowed, string? Period = null, string? Notice = null)
{
    public static BudgetDecision Allow => new(true);
}
