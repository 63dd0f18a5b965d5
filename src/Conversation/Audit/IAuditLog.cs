namespace ChatHub.Conversation.Audit;

/// <summary>
/// An append-only log of identity changes and admin calls, per hub user. An entry expires
/// <see cref="Retention.RetentionOptions.Audit"/> after its <see cref="AuditEntry.At"/>.
/// </summary>
public interface IAuditLog
{
    ValueTask AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>The user's entries, oldest first.</summary>
    ValueTask<IReadOnlyList<AuditEntry>> GetAsync(string hubUserId, CancellationToken cancellationToken);

    /// <summary>
    /// Erasure keeps the facts, not the data: moves the user's entries under <see cref="AuditIds.Erased"/> of the id,
    /// their details replaced with <see cref="InMemoryAuditLog.Tombstone"/> (times and actions kept), and leaves none
    /// under the id itself.
    /// </summary>
    ValueTask TombstoneAsync(string hubUserId, CancellationToken cancellationToken);
}
