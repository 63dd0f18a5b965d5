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
}
