namespace ChatHub.Conversation.Handoff;

/// <summary>The operators' chat (<c>Handoff:Operator</c>): a Telegram group, a Discord channel or a Teams channel.</summary>
public sealed class HandoffOperatorOptions
{
    /// <summary><c>telegram</c>, <c>discord</c> or <c>teams</c>.</summary>
    public string? Channel { get; set; }

    /// <summary>That platform's chat or channel id.</summary>
    public string? ChatId { get; set; }

    /// <summary>
    /// The bot's id on that platform, where its sender needs it: on Teams the app id (the connector's service URL is
    /// found by conversation, which the hub learns from an activity in that channel since it started).
    /// </summary>
    public string BotId { get; set; } = "operators";

    /// <summary>An optional thread or forum topic inside the chat.</summary>
    public string? ThreadId { get; set; }
}
