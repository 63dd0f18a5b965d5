using System.Net;
using System.Text.Json.Nodes;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Sessions;
using ChatHub.Testing.BotFramework;

namespace ChatHub.Hub.Tests.BotFramework;

/// <summary>
/// The attacks of issue 15 on the Bot Framework adapter, against a real hub with the loopback token issuer and
/// connector, and a second connector standing for an attacker's server (issue 15, items 1 and 2; docs/security.md).
/// </summary>
public sealed class BotFrameworkSecurityTests : IClassFixture<BotFrameworkHubFixture>, IAsyncLifetime
{
    private const string OtherAppOfTheTenant = "7a1c2e3f-0b9d-4c8e-a6f5-1d2c3b4a5e6f";
    private const string OtherTenant = "99999999-9999-4999-8999-999999999999";
    private readonly BotFrameworkHub _hub;
    private FakeConnector _attacker = null!;

    public BotFrameworkSecurityTests(BotFrameworkHubFixture fixture) => _hub = fixture.Hub;

    private IIdentityMap Identities => _hub.Server.Services.GetRequiredService<IIdentityMap>();

    private ISessionStore Sessions => _hub.Server.Services.GetRequiredService<ISessionStore>();

    public async Task InitializeAsync() => _attacker = await FakeConnector.StartAsync().DefaultTimeout();

    public async Task DisposeAsync() => await _attacker.DisposeAsync();

    private Task<string?> HubUserOfAsync(InboundMessage message) =>
        Identities.FindAsync(new PlatformIdentity(message.Conversation.Channel, message.From.UserId), CancellationToken.None).AsTask().DefaultTimeout();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Attack_EntraTokenOfAnotherAppOfTheTenant_401NothingPublishedNothingSentToItsServiceUrl(bool v1)
    {
        // Any app of the bot's tenant can get an Entra token whose audience is the bot. It names its own serviceUrl.
        var conversation = "a:1otherapp" + BotFrameworkHub.NextId();
        var activity = _hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation, a => a["serviceUrl"] = _attacker.ServiceUrl);

        var response = await _hub.PostActivityAsync(activity, _hub.Issuer.EntraToken(OtherAppOfTheTenant, v1: v1));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.Conversation.ChatId == conversation);
        Assert.Empty(_attacker.Calls);
    }

    [Fact]
    public async Task Attack_AllowedCallerNamesAServiceUrlOffTheList_403AndProactiveRepliesStillGoToTheTrueOne()
    {
        var conversation = "a:1steer" + BotFrameworkHub.NextId();
        await _hub.PostActivityAsync(_hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation));
        await _hub.Connector.WaitForMessagesAsync(conversation).DefaultTimeout();

        // Even a caller the bot accepts (here its own app id) cannot point the conversation elsewhere.
        var steer = _hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation, a => a["serviceUrl"] = _attacker.ServiceUrl);
        var response = await _hub.PostActivityAsync(steer, _hub.Issuer.EntraToken(FakeTokenIssuer.AppId));
        await _hub.Bus.PublishAsync(Topics.Outbound, new ConversationRef(ChannelNames.Teams, FakeTokenIssuer.AppId, conversation).Key, new OutboundMessage
        {
            Id = MessageIds.NewId("re_"),
            Conversation = new ConversationRef(ChannelNames.Teams, FakeTokenIssuer.AppId, conversation),
            Kind = OutboundKind.Final,
            Text = "A proactive notice.",
            CreatedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None).AsTask().DefaultTimeout();
        await _hub.Connector.WaitForCallsAsync(c => c.ConversationId == conversation && c.Text == "A proactive notice.").DefaultTimeout();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Single(_hub.Bus.Inbound, m => m.Conversation.ChatId == conversation);
        Assert.Empty(_attacker.Calls);
    }

    [Theory]
    [InlineData("conversation")]
    [InlineData("channelData")]
    public async Task Attack_ActivityOfAnotherTenant_403AndNothingPublished(string where)
    {
        var conversation = "a:1tenant" + BotFrameworkHub.NextId();
        var activity = _hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation, a =>
        {
            if (where == "conversation")
            {
                a["conversation"]!["tenantId"] = OtherTenant;
            }
            else
            {
                a["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = OtherTenant } };
            }
        });

        var response = await _hub.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(_hub.Bus.Inbound, m => m.Conversation.ChatId == conversation);
        Assert.Empty(_hub.Connector.CallsTo(conversation));
    }

    [Fact]
    public async Task Attack_WebChatClientSendsATeamsUsersId_IsAnotherPersonAndDoesNotReachTheirHistory()
    {
        // On Web Chat and Direct Line the client chooses from.id; here it claims a Teams user's.
        var victimId = "29:1victim" + BotFrameworkHub.NextId();
        var teamsConversation = "a:1victim" + BotFrameworkHub.NextId();
        var webConversation = "WebAttacker" + BotFrameworkHub.NextId();
        await _hub.PostActivityAsync(_hub.Activity("personal_message", BotFrameworkHub.NextId(), teamsConversation, a => a["from"]!["id"] = victimId));
        await _hub.Connector.WaitForMessagesAsync(teamsConversation).DefaultTimeout();

        var response = await _hub.PostActivityAsync(_hub.Activity("webchat_message", BotFrameworkHub.NextId(), webConversation, a =>
        {
            a["from"]!["id"] = victimId;
            a["text"] = "What is ChatHub? zebra-7431";
        }));
        await _hub.Connector.WaitForMessagesAsync(webConversation).DefaultTimeout();

        var victim = await HubUserOfAsync(_hub.Bus.Inbound.Single(m => m.Conversation.ChatId == teamsConversation));
        var attacker = await HubUserOfAsync(_hub.Bus.Inbound.Single(m => m.Conversation.ChatId == webConversation));
        var history = await Sessions.GetAsync(victim!, CancellationToken.None).AsTask().DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(victim);
        Assert.NotEqual(victim, attacker);
        Assert.DoesNotContain(history, t => t.Text.Contains("zebra-7431", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Identity_StoredUnderTheOldTeamsKey_MovesToTheTeamsUserNotToAWebChatClientNamingIt()
    {
        // As stored before channel-scoped keys: ("teams", from.id).
        var legacyId = "29:1legacy" + BotFrameworkHub.NextId();
        var owner = await Identities.ResolveAsync(new PlatformIdentity(ChannelNames.Teams, legacyId), CancellationToken.None).AsTask().DefaultTimeout();
        var webConversation = "WebLegacy" + BotFrameworkHub.NextId();
        var teamsConversation = "a:1legacy" + BotFrameworkHub.NextId();

        await _hub.PostActivityAsync(_hub.Activity("webchat_message", BotFrameworkHub.NextId(), webConversation, a => a["from"]!["id"] = legacyId));
        await _hub.Connector.WaitForMessagesAsync(webConversation).DefaultTimeout();
        await _hub.PostActivityAsync(_hub.Activity("personal_message", BotFrameworkHub.NextId(), teamsConversation, a => a["from"]!["id"] = legacyId));
        await _hub.Connector.WaitForMessagesAsync(teamsConversation).DefaultTimeout();

        var teams = _hub.Bus.Inbound.Single(m => m.Conversation.ChatId == teamsConversation);
        Assert.NotEqual(owner, await HubUserOfAsync(_hub.Bus.Inbound.Single(m => m.Conversation.ChatId == webConversation)));
        Assert.Equal(owner, await HubUserOfAsync(teams));
        Assert.Equal($"msteams:{FakeTokenIssuer.TenantId}:{legacyId}", teams.From.UserId);
    }
}
