using ChatHub.Testing.Logging;
using ChatHub.Testing.Slack;

namespace ChatHub.Hub.Tests.Slack;

/// <summary>The tokens are in every Web API call's header and the signing secret keys every check: none may reach a log, at any level, even when things fail.</summary>
public sealed class SlackLoggingTests
{
    [Fact]
    public async Task Logs_TrafficWithFailuresForgeriesAndReconnects_NeverContainSecretsNorMessageTextAboveDebug()
    {
        const string channel = "C0LOGGING1";
        const string question = "What is ChatHub? zebra-4242";
        var logs = new CapturingLoggerProvider();
        var fake = await FakeSlack.StartAsync().DefaultTimeout();
        fake.FailNext("chat.postMessage", "internal_error", status: 500, channel: channel);
        fake.FailNext("chat.postMessage", "ratelimited", status: 429, retryAfter: 1, channel: channel);

        await using (var hub = await SlackHub.StartAsync(configure: logs.Install, fake: fake).DefaultTimeout())
        {
            await hub.PostRawAsync("{\"type\":\"event_callback\",\"event\":{\"text\":\"zebra-4242 malformed\"", secret: "0123456789abcdef0123456789abcdef");
            await hub.PostRawAsync("{\"type\":\"event_callback\",\"event\":{\"text\":\"zebra-4242 malformed\"");
            await hub.PostEventAsync(SlackPayloads.AppMention(channel, SlackPayloads.NextTs(), question));
            await fake.WaitForCallsAsync("chat.postMessage", channel).DefaultTimeout();
        }

        await using (var socket = await SlackHub.StartAsync(
            new Dictionary<string, string?> { ["Channels:Slack:Mode"] = "SocketMode", ["Channels:Slack:AppToken"] = FakeSlack.AppToken },
            configure: logs.Install).DefaultTimeout())
        {
            await socket.Fake.WaitForSocketAsync().DefaultTimeout();
            socket.Fake.SendDisconnect();
            await socket.Fake.WaitForSocketAsync(2).DefaultTimeout();
            await socket.Fake.WaitForAckAsync(socket.Fake.SendEvent(SlackPayloads.DirectMessage("D0LOGGING1", SlackPayloads.NextTs(), question))).DefaultTimeout();
        }

        Assert.Contains(logs.Entries, e => e.Category.StartsWith("ChatHub.Adapters.Slack", StringComparison.Ordinal) && e.Level >= LogLevel.Warning);
        foreach (var secret in (string[])[FakeSlack.BotToken, FakeSlack.AppToken, FakeSlack.SigningSecret, "TestBotToken", "0123456789abcdef"])
        {
            Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(secret, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(logs.Entries, e => e.Level > LogLevel.Debug && e.Text.Contains("zebra-4242", StringComparison.Ordinal)
            && (e.Category.Contains("Slack", StringComparison.Ordinal) || e.Category.StartsWith("System.Net.Http", StringComparison.Ordinal)));
    }
}
