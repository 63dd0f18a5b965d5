using System.Net;

namespace ChatHub.Hub.Tests.BotFramework;

/// <summary>Signing-key changes on a hub of its own (they change the issuer every other test relies on).</summary>
public sealed class BotFrameworkKeyRolloverTests
{
    [Fact]
    public async Task Activity_KeyRolledOverToANewKid_PickedUpAndAnswered()
    {
        await using var hub = await BotFrameworkHub.StartAsync();
        var before = "a:1before" + BotFrameworkHub.NextId();
        var after = "a:1after" + BotFrameworkHub.NextId();
        Assert.Equal(HttpStatusCode.OK, (await hub.PostActivityAsync(hub.Activity("personal_message", BotFrameworkHub.NextId(), before))).StatusCode);
        var fetches = hub.Issuer.MetadataFetches;

        hub.Issuer.RollBotConnectorKey(retireOld: true);
        var response = await hub.PostActivityAsync(hub.Activity("personal_message", BotFrameworkHub.NextId(), after));
        await hub.Connector.WaitForMessagesAsync(after).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fetches + 1, hub.Issuer.MetadataFetches);
        Assert.Single(hub.Bus.Inbound, m => m.Conversation.ChatId == after);
    }

    [Fact]
    public async Task Activity_SigningKeyNotEndorsedForTeams_403AndNothingPublished()
    {
        await using var hub = await BotFrameworkHub.StartAsync();
        var conversation = "a:1unendorsed" + BotFrameworkHub.NextId();
        hub.Issuer.RollBotConnectorKey(endorsements: ["webchat"]);

        var response = await hub.PostActivityAsync(hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(hub.Bus.Inbound, m => m.Conversation.ChatId == conversation);
    }
}
