using ChatHub.Conversation.Messages;

namespace ChatHub.Kafka.Tests.Infrastructure;

public static class TestMessages
{
    public static InboundMessage Inbound(string chatId, string text, MessagePriority priority = MessagePriority.Interactive, string channel = ChannelNames.WebChat)
    {
        var conversation = new ConversationRef(channel, "bot", chatId);
        var platformId = Guid.NewGuid().ToString("N");
        return new InboundMessage
        {
            Id = MessageIds.ForInbound(conversation, platformId),
            PlatformMessageId = platformId,
            Conversation = conversation,
            From = new Sender("user-1", "Ada"),
            Text = text,
            ReceivedAt = DateTimeOffset.UtcNow,
            Priority = priority,
        };
    }
}
