namespace ChatHub.Conversation.Sessions;

/// <summary>
/// One rolling summary per hub user (<see cref="ConversationSummary"/>), expiring <see cref="SessionOptions.Ttl"/> after
/// it was written, like the session it belongs to. Implementations: in memory, SQLite, Redis; one spec suite for all.
/// </summary>
public interface ISummaryStore
{
    ValueTask<ConversationSummary?> GetAsync(string hubUserId, CancellationToken cancellationToken);

    /// <summary>Replaces the user's summary unless the stored one already covers a later turn (a fold that lost a race).</summary>
    ValueTask SetAsync(string hubUserId, ConversationSummary summary, CancellationToken cancellationToken);

    ValueTask ClearAsync(string hubUserId, CancellationToken cancellationToken);

    /// <summary>
    /// Linking: the target's summary becomes both, the older one first (by <see cref="ConversationSummary.UpTo"/>),
    /// separated by a blank line, up to the later time; the source's is removed.
    /// </summary>
    ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken);
}
