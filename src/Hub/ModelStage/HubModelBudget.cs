using ChatHub.Conversation.Usage;
using ChatHub.Inference.ModelStage;

namespace ChatHub.Hub.ModelStage;

/// <summary>The model stage's budget gate on the hub's usage budgets (<c>Budgets:…</c>, <see cref="UsageBudget"/>).</summary>
internal sealed class HubModelBudget(UsageBudget budget) : IModelBudget
{
    public async ValueTask<ModelBudgetDecision> CheckAsync(string personId, CancellationToken cancellationToken)
    {
        if (!budget.Enabled)
        {
            return ModelBudgetDecision.Allow;
        }

        var decision = await budget.CheckAsync(personId, cancellationToken);
        return decision.Allowed ? ModelBudgetDecision.Allow : new ModelBudgetDecision(false, decision.Period, decision.Notice);
    }
}
