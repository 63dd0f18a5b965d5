using ChatHub.Adapters.Discord;
using ChatHub.Conversation.Messages;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ChatHub.Testing.Discord;

namespace ChatHub.Adapters.Tests.Discord;

/// <summary>
/// The gateway client against the loopback fake (real WebSockets) on a manual clock: IDENTIFY and READY,
/// heartbeats, malformed frames, shutdown, and what reaches chat.inbound.
/// </summary>
public sealed class DiscordGatewayTests
{
    private static readonly TimeSpan FirstBeat = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Start_FetchesGatewayUrlAndIdentifiesWithTokenIntentsAndProperties()
    {
        await using var harness = await DiscordGatewayHarness.StartAsync().DefaultTimeout();

        var identify = await harness.Fake.WaitForClientOpAsync(0, 2).DefaultTimeout();

        var connection = harness.Fake.Connections[0];
        Assert.Single(harness.Fake.CallsTo(FakeRoute.GatewayBot));
        Assert.Equal("/gateway", connection.Path);
        Assert.Equal("?v=10&encoding=json", connection.Query);
        Assert.Equal(FakeDiscord.Token, identify["d"]!["token"]!.GetValue<string>());
        Assert.Equal(37377, identify["d"]!["intents"]!.GetValue<int>());
        Assert.Equal("chathub", identify["d"]!["properties"]!["browser"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(identify["d"]!["properties"]!["os"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Ready_RemembersSessionAndResumeUrlAndTurnsHealthy()
    {
        await using var harness = await DiscordGatewayHarness.StartReadyAsync().DefaultTimeout();

        var health = await harness.HealthAsync();

        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Contains(FakeDiscord.BotUsername, health.Description, StringComparison.Ordinal);
        Assert.Equal(harness.Fake.SessionId, harness.Gateway.Session.SessionId);
        Assert.Equal(harness.Fake.ResumeUrl.AbsoluteUri.TrimEnd('/'), harness.Gateway.Session.ResumeUrl!.AbsoluteUri.TrimEnd('/'));
        Assert.Equal(2, harness.Gateway.Session.Sequence); // READY was 1, the first message 2
    }

    [Fact]
    public async Task Heartbeat_FirstAfterJitterThenEveryIntervalWithLastSequence()
    {
        await using var harness = await DiscordGatewayHarness.StartReadyAsync().DefaultTimeout();

        await harness.Time.WaitForTimerAsync(FirstBeat).DefaultTimeout();
        harness.Time.Advance(FirstBeat);
        var first = await harness.Fake.WaitForClientOpAsync(0, 1).DefaultTimeout();
        // The fake ACKs at once; a dispatch sent after the ACK, once handled, shows the client has read the ACK too.
        harness.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm("1001", "7000", "after the ack"));
        await harness.Bus.WaitForInboundAsync("1001").DefaultTimeout();
        await harness.Time.WaitForTimerAsync(Interval).DefaultTimeout();
        harness.Time.Advance(Interval);
        var second = await harness.Fake.WaitForClientOpAsync(0, 1, occurrence: 2).DefaultTimeout();

        Assert.Equal(2, first["d"]!.GetValue<long>());
        Assert.Equal(3, second["d"]!.GetValue<long>());
        Assert.Single(harness.Fake.Connections); // acknowledged: no reconnect
    }

    [Fact]
    public async Task Heartbeat_RequestedByServer_SentAtOnce()
    {
        await using var harness = await DiscordGatewayHarness.StartReadyAsync().DefaultTimeout();

        harness.Fake.SendOp(1);
        var beat = await harness.Fake.WaitForClientOpAsync(0, 1).DefaultTimeout();

        Assert.Equal(2, beat["d"]!.GetValue<long>());
    }

    [Fact]
    public async Task Start_TokenRejectedByGatewayBot_StopsAndReportsUnhealthy()
    {
        await using var harness = await DiscordGatewayHarness.StartAsync(token: "WRONGWRONGWRONGWRONGWRONG.abcdef.wrong-signature-xyz").DefaultTimeout();

        await harness.Gateway.ExecuteTask!.DefaultTimeout();

        var health = await harness.HealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("401", health.Description, StringComparison.Ordinal);
        Assert.Empty(harness.Fake.Connections);
        Assert.DoesNotContain(harness.Logs.Entries, e => e.Text.Contains("wrong-signature", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_BeforeReady_Unhealthy()
    {
        // READY is held back: checked once the client identified, the state cannot race the fake's READY.
        await using var harness = await DiscordGatewayHarness.StartAsync(fake => fake.HoldReady = true).DefaultTimeout();
        await harness.Fake.WaitForClientOpAsync(0, 2).DefaultTimeout();
        var before = await harness.HealthAsync();

        Assert.NotEqual(HealthStatus.Healthy, before.Status);
    }

    [Fact]
    public async Task Frames_Malformed_LoggedAndSurvived()
    {
        await using var harness = await DiscordGatewayHarness.StartReadyAsync().DefaultTimeout();

        harness.Fake.SendRaw("{not json");
        harness.Fake.SendRaw("[1,2,3]");
        harness.Fake.SendRaw("{\"d\":{},\"s\":null}");
        harness.Fake.SendRaw("{\"op\":0,\"t\":\"MESSAGE_CREATE\",\"s\":3,\"d\":\"just a string\"}");
        harness.Fake.SendRaw("{\"op\":0,\"t\":\"MESSAGE_CREATE\",\"s\":4,\"d\":{\"content\":\"no id\"}}");
        harness.Fake.SendBinary([0x78, 0x9c, 0x00, 0xff]);
        harness.Fake.SendRaw("{\"op\":42,\"d\":null}");
        harness.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm("1001", "7000", "still here"));
        await harness.Bus.WaitForInboundAsync("1001").DefaultTimeout();

        Assert.Single(harness.Fake.Connections);
        Assert.Equal(["1000", "1001"], harness.Bus.Inbound.Select(m => m.PlatformMessageId));
        Assert.Equal(6, harness.Logs.Entries.Count(e => e.EventId == 2209 && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning));
        Assert.DoesNotContain(harness.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning && e.Text.Contains("no id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Messages_FromItselfOtherBotsAndWebhooks_Ignored()
    {
        await using var harness = await DiscordGatewayHarness.StartReadyAsync().DefaultTimeout();
        var webhook = DiscordPayloads.Guild("1003", "7100", "from a webhook");
        webhook["webhook_id"] = "1100000000000000001";

        harness.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm("1001", "7000", "my own reply", authorId: FakeDiscord.BotUserId, bot: true));
        harness.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Guild("1002", "7100", "beep", authorId: "99", bot: true));
        harness.Fake.Dispatch("MESSAGE_CREATE", webhook);
        harness.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm("1004", "7000", "a person"));
        await harness.Bus.WaitForInboundAsync("1004").DefaultTimeout();

        Assert.Equal(["1000", "1004"], harness.Bus.Inbound.Select(m => m.PlatformMessageId));
    }

    [Fact]
    public async Task Messages_GuildAndDm_MappedToTheirConversations()
    {
        await using var harness = await DiscordGatewayHarness.StartReadyAsync().DefaultTimeout();

        harness.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Guild("1001", "7100", "what is ChatHub?"));
        await harness.Bus.WaitForInboundAsync("1001").DefaultTimeout();

        var (dm, guild) = (harness.Bus.Inbound[0], harness.Bus.Inbound[1]);
        Assert.Equal(new ConversationRef("discord", FakeDiscord.BotUserId, "7000"), dm.Conversation);
        Assert.Equal(MessagePriority.Interactive, dm.Priority);
        Assert.Equal(new ConversationRef("discord", FakeDiscord.BotUserId, "7100"), guild.Conversation);
        Assert.Equal(MessagePriority.Bulk, guild.Priority);
        Assert.Equal("what is ChatHub?", guild.Text);
        Assert.Equal(DiscordPayloads.GuildId, guild.Properties![DiscordProperties.GuildId]);
    }

    [Fact]
    public async Task Stop_ClosesWith1000()
    {
        var harness = await DiscordGatewayHarness.StartReadyAsync().DefaultTimeout();
        var connection = harness.Fake.Connections[0];

        await harness.DisposeAsync().AsTask().DefaultTimeout();

        Assert.Equal(1000, connection.ClientCloseStatus);
    }
}
