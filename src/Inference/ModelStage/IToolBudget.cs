namespace ChatHub.Inference.ModelStage;

/// <summary>
/// Per-person tool budgets (<see cref="ToolOptions.BudgetPerPerson"/> calls per <see cref="ToolOptions.BudgetWindow"/>).
/// The default counts on this node (<see cref="InMemoryToolBudget"/>); the hub puts it on its counter store, so that
/// the budget holds across nodes.
/// </summary>
public interface IToolBudget
{
    /// <summary>Takes one call from the person's budget; false when it is used up (the call is not made).</summary>
    ValueTask<bool> TryTakeAsync(string personId, int limit, TimeSpan window, CancellationToken cancellationToken);
}
