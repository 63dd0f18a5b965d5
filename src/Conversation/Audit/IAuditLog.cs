namespace ChatHub.Conversation.Audit;

/// <summary>An append-only log of identity changes, per hub user.</summary>
public interface IAuditLog
{
    ValueTask AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The user's entries, oldest first.</summary>
    ValueTask<IReadOnlyList<AuditEntry>> GetAsync(string hubUserId, CancellationToken cancellationToken);

    /// <summary>Replaces the details of the user's entries with a tombstone (erasure keeps the fact, not the data).</summary>
    ValueTask TombstoneAsync(string hubUserId, CancellationToken cancellationToken);
}
