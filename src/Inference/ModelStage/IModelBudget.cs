namespace ChatHub.Inference.ModelStage;

/// <summary>
/// Per-person model budgets, asked by the model stage just before it would call the model (so cache and knowledge-base
/// answers never ask). The default allows everything; the hub puts its usage budgets here (<c>Budgets:…</c>).
/// </summary>
public interface IModelBudget
{
    /// <summary>Whether the model may answer <paramref name="personId"/> now.</summary>
    ValueTask<ModelBudgetDecision> CheckAsync(string personId, CancellationToken cancellationToken);
}
