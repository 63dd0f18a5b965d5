using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Handoff;

/// <summary>Which conversations count as the operators' chat (only they may /reply and /done).</summary>
public sealed class HandoffOperatorChatTests
{
    private const string TeamsChannel = "19:abc123@thread.tacv2";

    [Theory]
    [InlineData(TeamsChannel, true)]
    [InlineData(TeamsChannel + ";messageid=1712345678901", true)] // a message in one of the channel's threads
    [InlineData("19:other@thread.tacv2;messageid=1712345678901", false)]
    [InlineData("a:1personal" + TeamsChannel, false)]
    [InlineData(";messageid=1", false)]
    public void Teams_ChannelAndItsThreads_AreTheOperatorsChat(string conversationId, bool expected)
    {
        var service = Service(ChannelNames.Teams, TeamsChannel);

        Assert.Equal(expected, service.IsOperatorChat(new ConversationRef(ChannelNames.Teams, "app", conversationId)));
    }

    [Fact]
    public void Discord_ThreadSuffixIsNotTeamsSyntax_MatchedExactly()
    {
        var service = Service("discord", "740000000000000001");

        Assert.True(service.IsOperatorChat(new ConversationRef("discord", "bot", "740000000000000001")));
        Assert.False(service.IsOperatorChat(new ConversationRef("discord", "bot", "740000000000000001;messageid=1")));
        Assert.False(service.IsOperatorChat(new ConversationRef(ChannelNames.Teams, "bot", "740000000000000001")));
    }

    private static HandoffService Service(string channel, string chatId)
    {
        var options = Options.Create(new HandoffOptions { Operator = new HandoffOperatorOptions { Channel = channel, ChatId = chatId } });
        return new HandoffService(
            new InMemoryHandoffStore(TimeProvider.System),
            new InMemorySessionStore(Options.Create(new SessionOptions()), TimeProvider.System),
            options,
            TimeProvider.System,
            NullLogger<HandoffService>.Instance);
    }
}
