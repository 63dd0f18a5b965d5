namespace ChatHub.Conversation.Broadcasts;

/// <summary>One recipient's delivery in one run of a broadcast.</summary>
public enum RecipientState
{
    /// <summary>Collected, not yet queued.</summary>
    Pending = 0,

    /// <summary>Published to chat.outbound; egress has not reported yet.</summary>
    Queued = 1,

    /// <summary>The platform accepted it.</summary>
    Sent = 2,

    /// <summary>Not delivered (no route, or egress dead-lettered it); the reason is kept.</summary>
    Failed = 3,

    /// <summary>Not sent on purpose: the person opted out (<c>/stop</c>) or was erased.</summary>
    Skipped = 4,

    /// <summary>The broadcast was cancelled before it was queued.</summary>
    Cancelled = 5,
}
