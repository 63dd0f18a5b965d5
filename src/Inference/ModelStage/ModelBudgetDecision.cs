namespace ChatHub.Inference.ModelStage;

/// <summary>
/// The answer of <see cref="IModelBudget"/>: allowed, or refused for <see cref="Period"/> with the text to tell the
/// person (<see cref="Notice"/>; null when they were told already in that period, and nothing is said).
/// </summary>
public readonly record struct ModelBudgetDecision(bool Allowed, string? Period = null, string? Notice = null)
{
    public static ModelBudgetDecision Allow => new(true);
}
