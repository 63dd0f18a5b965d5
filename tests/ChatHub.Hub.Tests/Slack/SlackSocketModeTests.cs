using ChatHub.Testing.Slack;

namespace ChatHub.Hub.Tests.Slack;

/// <summary>Socket Mode on a real hub: no endpoint mapped, envelopes acknowledged once published, a disconnect followed by a new connection.</summary>
public sealed class SlackSocketModeTests
{
    private static Dictionary<string, string?> SocketMode() => new()
    {
        ["Channels:Slack:Mode"] = "SocketMode",
        ["Channels:Slack:SigningSecret"] = null,
        ["Channels:Slack:AppToken"] = FakeSlack.AppToken,
    };

    [Fact]
    public async Task SocketMode_EventEnvelope_AcknowledgedAndAnsweredInItsThread()
    {
        await using var hub = await SlackHub.StartAsync(SocketMode()).DefaultTimeout();
        await hub.Fake.WaitForSocketAsync().DefaultTimeout();
        const string channel = "C0SOCKET01";
        var ts = SlackPayloads.NextTs();

        var envelope = hub.Fake.SendEvent(SlackPayloads.AppMention(channel, ts, "What is ChatHub?"));
        await hub.Fake.WaitForAckAsync(envelope).DefaultTimeout();
        var reply = (await hub.Fake.WaitForCallsAsync("chat.postMessage", channel).DefaultTimeout())[0];

        Assert.Equal(ts, reply.ThreadTs);
        Assert.Single(hub.Bus.Inbound, m => m.PlatformMessageId == ts);
        Assert.Equal("Bearer " + FakeSlack.AppToken, hub.Fake.CallsTo("apps.connections.open")[0].Authorization);
        var webhook = await hub.Http.PostAsync(hub.WebhookUrl, new StringContent("{}")).DefaultTimeout();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, webhook.StatusCode); // no public endpoint in Socket Mode
    }

    [Fact]
    public async Task SocketMode_DisconnectThenRetriedEnvelope_ReconnectsAndPublishesOnce()
    {
        await using var hub = await SlackHub.StartAsync(SocketMode()).DefaultTimeout();
        await hub.Fake.WaitForSocketAsync().DefaultTimeout();
        const string dm = "D0SOCKET02";
        var ts = SlackPayloads.NextTs();
        var payload = SlackPayloads.DirectMessage(dm, ts, "/help");

        await hub.Fake.WaitForAckAsync(hub.Fake.SendEvent(payload)).DefaultTimeout();
        hub.Fake.SendDisconnect();
        await hub.Fake.WaitForSocketAsync(2).DefaultTimeout();
        await hub.Fake.WaitForAckAsync(hub.Fake.SendEvent(payload, retryAttempt: 1)).DefaultTimeout();
        await hub.Fake.WaitForCallsAsync("chat.postMessage", dm).DefaultTimeout();

        Assert.Equal(2, hub.Fake.CallsTo("apps.connections.open").Count);
        Assert.Single(hub.Bus.Inbound, m => m.PlatformMessageId == ts);
    }

    [Fact]
    public async Task SocketMode_PressOfASuggestion_AcknowledgedAndAskedInTheDm()
    {
        await using var hub = await SlackHub.StartAsync(SocketMode()).DefaultTimeout();
        await hub.Fake.WaitForSocketAsync().DefaultTimeout();
        const string dm = "D0SOCKET03";
        await hub.Fake.WaitForAckAsync(hub.Fake.SendEvent(SlackPayloads.DirectMessage(dm, SlackPayloads.NextTs(), "What is ChatHub?"))).DefaultTimeout();
        await hub.Fake.WaitForCallsAsync("chat.postMessage", dm).DefaultTimeout();
        var answer = Assert.Single(hub.Fake.MessagesIn(dm));

        var envelope = hub.Fake.SendInteractive(SlackPayloads.BlockActions(dm, answer.ToJson(), "s1"));
        await hub.Fake.WaitForAckAsync(envelope).DefaultTimeout();
        await hub.Fake.WaitForCallsAsync("chat.postMessage", dm, count: 2).DefaultTimeout();

        Assert.Equal(answer.ButtonTexts[1], hub.Bus.Inbound.Last(m => m.Conversation.ChatId == dm).Text);
    }
}
