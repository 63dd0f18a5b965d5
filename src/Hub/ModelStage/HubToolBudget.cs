using ChatHub.Conversation.Counters;
using ChatHub.Inference.ModelStage;

namespace ChatHub.Hub.ModelStage;

/// <summary>
/// The per-person tool budget on the hub's counter store (<c>toolbudget:{hubUserId}</c>, a fixed window from the first
/// call): shared by every node on Redis, kept in the SQLite file on the embedded default.
/// </summary>
internal sealed class HubToolBudget(ICounterStore counters) : IToolBudget
{
    public async ValueTask<bool> TryTakeAsync(string personId, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(personId);
        return limit <= 0 || await counters.IncrementAsync("toolbudget:" + personId, window, cancellationToken) <= limit;
    }
}
