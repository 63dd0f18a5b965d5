using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Bus;

/// <summary>The hub's three topics. All are keyed by <see cref="ConversationRef.Key"/>.</summary>
public static class Topics
{
    public static readonly BusTopic<InboundMessage> Inbound = new("chat.inbound");
    public static readonly BusTopic<OutboundMessage> Outbound = new("chat.outbound");
    public static readonly BusTopic<DeadLetter> DeadLetters = new("chat.dlq");
}
