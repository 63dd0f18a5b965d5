using ChatHub.Testing.Discord;
using ChatHub.Testing.Logging;

namespace ChatHub.Hub.Tests.Discord;

/// <summary>The token is in every request header and in IDENTIFY/RESUME: it must never reach a log, at any level, even when things fail.</summary>
public sealed class DiscordLoggingTests
{
    [Fact]
    public async Task Logs_TrafficWithFailuresAndReconnects_NeverContainTheTokenNorMessageTextAboveDebug()
    {
        const string channel = "760000000000000001";
        const string question = "What is ChatHub? zebra-4242";
        var logs = new CapturingLoggerProvider();
        var fake = await FakeDiscord.StartAsync().DefaultTimeout();
        fake.Script(FakeRoute.CreateMessage, 500, channelId: channel, message: "Internal Server Error");
        fake.Script(FakeRoute.CreateMessage, 429, channelId: channel, retryAfter: 0.2);
        fake.Script(FakeRoute.Typing, 500, channelId: channel);

        await using (var hub = await DiscordHub.StartAsync(configure: logs.Install, fake: fake).DefaultTimeout())
        {
            await hub.WaitForSessionAsync().DefaultTimeout();
            fake.SendRaw("{\"op\":0,\"t\":\"MESSAGE_CREATE\",\"s\":2,\"d\":{\"content\":\"zebra-4242 malformed\"}}");
            fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(DiscordPayloads.NextId(), channel, question));
            await fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel, where: c => c.Succeeded).DefaultTimeout();
            fake.SendOp(7);
            await fake.WaitForClientOpAsync(1, 6).DefaultTimeout();
        }

        Assert.Contains(logs.Entries, e => e.Category.StartsWith("ChatHub.Adapters.Discord", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(FakeDiscord.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains("test-signature", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Level > LogLevel.Debug && e.Text.Contains("zebra-4242", StringComparison.Ordinal)
            && (e.Category.Contains("Discord", StringComparison.Ordinal) || e.Category.StartsWith("System.Net.Http", StringComparison.Ordinal)));
    }
}
