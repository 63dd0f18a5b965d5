using System.Text.RegularExpressions;
using ChatHub.Conversation.Handoff;
using ChatHub.Hub.Tests.BotFramework;
using ChatHub.Testing.BotFramework;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Tests.Handoff;

/// <summary>
/// The operators in a Teams channel (fake token issuer and connector): the hub has never seen an activity from that
/// channel, so the notice's service URL comes from <c>Handoff:Operator:ServiceUrl</c>, as on any node of several.
/// The person writes in a Teams personal chat; the operators answer in a thread of their channel.
/// </summary>
public sealed partial class HandoffTeamsOperatorsTests
{
    private const string Operators = "19:0f1e2d3c4b5a69788796a5b4c3d2e1f0@thread.tacv2";

    [GeneratedRegex("Hand-off ([A-Z2-9]{5}):")]
    private static partial Regex HandoffId();

    [Fact]
    public async Task TeamsOperatorsChannel_NeverSeenByTheNode_NoticeSentThroughTheConfiguredServiceUrlAndReplyReachesThePerson()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Handoff:Operator:Channel"] = "teams",
            ["Handoff:Operator:ChatId"] = Operators,
            ["Handoff:Operator:BotId"] = FakeTokenIssuer.AppId,
            ["Handoff:Operator:ServiceUrl"] = BotFrameworkHub.ConnectorServiceUrl,
        };
        await using var hub = await BotFrameworkHub.StartAsync(settings, b => b.Services.AddSingleton<IChatClient>(new HandoffChatClient()));
        var person = "a:1handoff" + BotFrameworkHub.NextId();

        var human = BotFrameworkHub.NextId();
        await hub.PostActivityAsync(hub.Activity("personal_message", human, person, text: "/human"));
        var started = await hub.Connector.WaitForCallsAsync(c => c.ConversationId == person && c.IsMessage && c.ReplyToId == human).DefaultTimeout();
        var notice = (await hub.Connector.WaitForMessagesAsync(Operators, succeeded: true).DefaultTimeout())[0];
        var id = HandoffId().Match(notice.Text!).Groups[1].Value;

        Assert.Equal(HandoffService.StartedReply, started[0].Text);
        Assert.Equal($"/amer/v3/conversations/{Uri.EscapeDataString(Operators)}/activities", notice.RawPath);
        Assert.Contains("asks for a person", notice.Text, StringComparison.Ordinal);

        // An operator answers in a thread of the channel, mentioning the bot.
        var thread = $"{Operators};messageid={BotFrameworkHub.NextId()}";
        await hub.PostActivityAsync(hub.Activity("channel_mention", BotFrameworkHub.NextId(), thread, text: $"<at>ChatHub</at> /reply {id} Hello from the team."));
        var answer = await hub.Connector.WaitForCallsAsync(c => c.ConversationId == person && c.IsMessage && c.Text == "Hello from the team.").DefaultTimeout();
        var sent = (await hub.Connector.WaitForMessagesAsync(thread).DefaultTimeout())[0];

        Assert.True(answer[0].Succeeded);
        Assert.Equal($"Sent to {id}.", sent.Text);
    }

    [Fact]
    public async Task TeamsOperatorsServiceUrl_NotABotFrameworkHost_StartFailsWithTheSetting()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Handoff:Operator:Channel"] = "teams",
            ["Handoff:Operator:ChatId"] = Operators,
            ["Handoff:Operator:ServiceUrl"] = "https://attacker.example/teams/",
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => BotFrameworkHub.StartAsync(settings)).DefaultTimeout();

        Assert.Contains("Handoff:Operator:ServiceUrl", error.Message, StringComparison.Ordinal);
    }
}
