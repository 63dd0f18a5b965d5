using System.Net;
using ChatHub.Conversation.Messages;

namespace ChatHub.Hub.Tests.BotFramework;

/// <summary>The service URL allow-list with its defaults only (Microsoft's hosts): the fake connector's loopback URL is not on it.</summary>
public sealed class BotFrameworkServiceUrlDefaultsTests
{
    [Fact]
    public async Task Reply_DefaultSettingsAndAServiceUrlOffTheList_DeadLetteredAndTheTokenNeverSentThere()
    {
        await using var hub = await BotFrameworkHub.StartAsync(allowConnector: false);
        var conversation = "a:1offlist" + BotFrameworkHub.NextId();

        // The Bot Connector's token vouches for the activity (its serviceurl claim is the activity's), so it is
        // taken; but the URL is not a Bot Framework service, so the bot's own token does not go there.
        var response = await hub.PostActivityAsync(hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation));
        var letter = await hub.Bus.NextDeadLetterAsync(l => l.Outbound?.Conversation.ChatId == conversation && l.Outbound.Kind == OutboundKind.Final).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("not a Bot Framework service", letter.Reason, StringComparison.Ordinal);
        Assert.Empty(hub.Connector.Calls);
        Assert.Equal(0, hub.Issuer.TokenRequests);
    }
}
