namespace ChatHub.Adapters.Telegram.Ingress;

/// <summary>
/// Where long polling keeps its confirmed offset (the next <c>getUpdates</c> offset = last handled update_id + 1),
/// so a restarted poller resumes there. The default is in memory (<see cref="InMemoryTelegramOffsetStore"/>):
/// after a restart without a stored offset Telegram re-sends what was not confirmed, and de-duplication by
/// update_id absorbs the overlap.
/// </summary>
public interface ITelegramOffsetStore
{
    ValueTask<long?> GetAsync(long botId, CancellationToken cancellationToken);

    /// <summary>Stores the next offset; called only after the updates before it were published.</summary>
    ValueTask SetAsync(long botId, long nextOffset, CancellationToken cancellationToken);
}
