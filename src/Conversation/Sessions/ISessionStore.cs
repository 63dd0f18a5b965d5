namespace ChatHub.Conversation.Sessions;

/// <summary>Recent turns per hub user: size-capped, expiring, appended atomically.</summary>
public interface ISessionStore
{
    /// <summary>The user's recent turns, oldest first (empty when none or expired).</summary>
    ValueTask<IReadOnlyList<SessionTurn>> GetAsync(string hubUserId, CancellationToken cancellationToken);

    /// <summary>Appends turns atomically, trims to the cap and refreshes the expiry.</summary>
    ValueTask AppendAsync(string hubUserId, IReadOnlyList<SessionTurn> turns, CancellationToken cancellationToken);

    ValueTask ClearAsync(string hubUserId, CancellationToken cancellationToken);

    /// <summary>
    /// Joins <paramref name="fromHubUserId"/>'s turns into <paramref name="intoHubUserId"/>'s session in time order
    /// (capped like any append) and removes the source session.
    /// </summary>
    ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken);
}
