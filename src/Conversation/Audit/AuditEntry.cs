namespace ChatHub.Conversation.Audit;

/// <summary>
/// One recorded change to a hub user's identities: link, unlink, erase. <paramref name="Details"/> names identities
/// (channel and id), never message text; erasure replaces them with a tombstone.
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string HubUserId, string Action, string Details);
