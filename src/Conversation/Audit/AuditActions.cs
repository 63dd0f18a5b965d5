namespace ChatHub.Conversation.Audit;

public static class AuditActions
{
    public const string Link = "link";
    public const string Unlink = "unlink";
    public const string Erase = "erase";

    /// <summary>An admin API call that read the user (look-up, summary, audit log).</summary>
    public const string AdminRead = "admin.read";

    /// <summary>A proactive message sent through the admin API (the entry names the channel, never the text).</summary>
    public const string AdminMessage = "admin.message";

    /// <summary>An operator's answer on a hand-off through the admin API (the entry names the hand-off and the key, never the text).</summary>
    public const string HandoffReply = "handoff.reply";

    /// <summary>A hand-off ended through the admin API.</summary>
    public const string HandoffDone = "handoff.done";

    /// <summary>A broadcast created through the admin API (kept under the broadcast's id; the entry names the audience, never the text).</summary>
    public const string BroadcastCreate = "broadcast.create";

    /// <summary>A broadcast cancelled through the admin API.</summary>
    public const string BroadcastCancel = "broadcast.cancel";

    /// <summary>A person's <c>/stop</c> or <c>/start</c> for broadcasts.</summary>
    public const string BroadcastPreference = "broadcast.preference";
}
