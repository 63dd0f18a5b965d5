namespace ChatHub.Conversation.Messages;

/// <summary>Interactive traffic (web chat, direct messages) goes ahead of bulk group traffic.</summary>
public enum MessagePriority
{
    Interactive = 0,
    Bulk = 1,
}
