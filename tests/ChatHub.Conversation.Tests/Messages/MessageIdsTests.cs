using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Tests.Messages;

public sealed class MessageIdsTests
{
    private static readonly ConversationRef Chat = new(ChannelNames.Telegram, "bot", "-100123");

    [Fact]
    public void ForInbound_SameInputs_SameId() =>
        Assert.Equal(MessageIds.ForInbound(Chat, "42"), MessageIds.ForInbound(Chat, "42"));

    [Fact]
    public void ForInbound_DifferentMessageOrConversation_DifferentIds()
    {
        var ids = new[]
        {
            MessageIds.ForInbound(Chat, "42"),
            MessageIds.ForInbound(Chat, "43"),
            MessageIds.ForInbound(Chat with { ThreadId = "7" }, "42"),
            MessageIds.ForInbound(Chat with { Channel = ChannelNames.Discord }, "42"),
        };
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void ForInbound_IsUrlSafe() =>
        Assert.Matches("^in_[A-Za-z0-9_-]+$", MessageIds.ForInbound(Chat, "🙂 é/+="));

    [Fact]
    public void ReplyTo_DerivedFromInboundId() =>
        Assert.Equal("re_abc", MessageIds.ReplyTo("in_abc"));

    [Fact]
    public void NewId_Random128Bits() =>
        Assert.NotEqual(MessageIds.NewId("x_"), MessageIds.NewId("x_"));

    [Theory]
    [InlineData(null, "telegram:bot:-100123")]
    [InlineData("7", "telegram:bot:-100123:7")]
    public void Key_IncludesThreadWhenPresent(string? thread, string expected) =>
        Assert.Equal(expected, (Chat with { ThreadId = thread }).Key);
}
