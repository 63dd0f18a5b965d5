namespace ChatHub.Inference.ModelStage;

/// <summary>No budget: every request may use the model.</summary>
public sealed class UnlimitedModelBudget : IModelBudget
{
    public ValueTask<ModelBudgetDecision> CheckAsync(string personId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ModelBudgetDecision.Allow);
}
