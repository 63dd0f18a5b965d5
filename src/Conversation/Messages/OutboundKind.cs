namespace ChatHub.Conversation.Messages;

public enum OutboundKind
{
    /// <summary>The bot is working on a reply; adapters show a typing indicator.</summary>
    Typing = 0,

    /// <summary>The reply so far (the whole text, not a delta); adapters may show it progressively.</summary>
    Partial = 1,

    /// <summary>The complete reply.</summary>
    Final = 2,
}
