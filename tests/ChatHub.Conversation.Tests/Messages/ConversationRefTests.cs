using System.Text.Json;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Tests.Messages;

/// <summary>The partition key, composed once and kept right through <c>with</c>, equality and JSON.</summary>
public sealed class ConversationRefTests
{
    [Fact]
    public void Key_ChannelBotChatAndThread()
    {
        Assert.Equal("telegram:bot:42", new ConversationRef(ChannelNames.Telegram, "bot", "42").Key);
        Assert.Equal("telegram:bot:42:7", new ConversationRef(ChannelNames.Telegram, "bot", "42", "7").ToString());
    }

    [Fact]
    public void With_AnyPart_TheKeyFollows()
    {
        var chat = new ConversationRef(ChannelNames.Telegram, "bot", "42");

        Assert.Equal("telegram:bot:42:7", (chat with { ThreadId = "7" }).Key);
        Assert.Equal("discord:bot:42", (chat with { Channel = ChannelNames.Discord }).Key);
        Assert.Equal("telegram:other:43", (chat with { BotId = "other", ChatId = "43" }).Key);
        Assert.Equal("telegram:bot:42", (chat with { ThreadId = "7" } with { ThreadId = null }).Key);
    }

    [Fact]
    public void Equality_AndJson_AsBefore()
    {
        var chat = new ConversationRef(ChannelNames.Telegram, "bot", "42", "7");
        var copy = JsonSerializer.Deserialize<ConversationRef>(JsonSerializer.Serialize(chat))!;

        Assert.Equal(chat, copy);
        Assert.Equal(chat.GetHashCode(), (new ConversationRef(ChannelNames.Telegram, "bot", "42") with { ThreadId = "7" }).GetHashCode());
        Assert.Equal(chat.Key, copy.Key);
        Assert.Equal("""{"Channel":"telegram","BotId":"bot","ChatId":"42","ThreadId":"7","Key":"telegram:bot:42:7"}""", JsonSerializer.Serialize(chat));
    }
}
