using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Tests.Infrastructure;

public static class TestMessages
{
    public static InboundMessage Inbound(string text, string chatId = "chat-1", string platformId = "1", string userId = "user-1", string channel = ChannelNames.WebChat)
    {
        var conversation = new ConversationRef(channel, "bot", chatId);
        return new InboundMessage
        {
            Id = MessageIds.ForInbound(conversation, platformId),
            PlatformMessageId = platformId,
            Conversation = conversation,
            From = new Sender(userId),
            Text = text,
            ReceivedAt = DateTimeOffset.UnixEpoch,
        };
    }
}
