namespace ChatHub.Conversation.Memory;

/// <summary>
/// What each hub user asked the hub to remember (<see cref="MemoryEntry"/>), and whether it may be used in group chats.
/// Keyed by the hub user id, so it follows linked accounts. An entry lives <see cref="Retention.RetentionOptions.Memories"/>
/// after it was saved (reads leave older ones out); a person holds at most <see cref="MemoryOptions.MaxEntries"/>, checked
/// in the same atomic step as the add. Implementations: in memory, SQLite, Redis; one spec suite for all.
/// </summary>
public interface IMemoryStore
{
    /// <summary>The user's live entries, oldest first (on equal times by id).</summary>
    ValueTask<IReadOnlyList<MemoryEntry>> GetAsync(string hubUserId, CancellationToken cancellationToken);

    /// <summary>Adds the entry unless one with its id is live or the user is at the cap.</summary>
    ValueTask<MemoryAddOutcome> AddAsync(string hubUserId, MemoryEntry entry, CancellationToken cancellationToken);

    /// <summary>Removes one entry; false when the user has no live entry with that id.</summary>
    ValueTask<bool> RemoveAsync(string hubUserId, string id, CancellationToken cancellationToken);

    /// <summary>Removes every entry of the user; returns how many there were. The group setting stays.</summary>
    ValueTask<int> ClearAsync(string hubUserId, CancellationToken cancellationToken);

    /// <summary>
    /// Linking: moves <paramref name="fromHubUserId"/>'s live entries to <paramref name="intoHubUserId"/> (time order, an id
    /// both have kept once, the newest <see cref="MemoryOptions.MaxEntries"/> kept) and removes the source's entries and
    /// group setting; the target's group setting stays as it was.
    /// </summary>
    ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken);

    /// <summary>True when the user allowed their memory in group chats (<c>/memory groups on</c>) within the retention period.</summary>
    ValueTask<bool> GetGroupsEnabledAsync(string hubUserId, CancellationToken cancellationToken);

    /// <summary>Sets (for the retention period) or removes the group setting.</summary>
    ValueTask SetGroupsEnabledAsync(string hubUserId, bool enabled, CancellationToken cancellationToken);
}
