using ChatHub.Testing.BotFramework;
using ChatHub.Testing.Logging;

namespace ChatHub.Hub.Tests.BotFramework;

/// <summary>The client secret and every token (inbound and outbound) must never reach a log, at any level, even when things fail.</summary>
public sealed class BotFrameworkLoggingTests
{
    [Fact]
    public async Task Logs_TrafficWithFailures_NeverContainSecretsTokensNorMessageTextAboveDebug()
    {
        const string question = "What is ChatHub? zebra-4242";
        var logs = new CapturingLoggerProvider();
        var conversation = "a:1logging" + BotFrameworkHub.NextId();
        string inbound;
        List<string> outbound;
        await using (var hub = await BotFrameworkHub.StartAsync(configure: logs.Install))
        {
            hub.Connector.FailNext(500, conversation);
            hub.Connector.FailNext(429, conversation, retryAfterSeconds: 1);
            inbound = hub.Issuer.BotConnectorToken(hub.Connector.ServiceUrl);
            await hub.PostActivityAsync(hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation, text: question), inbound);
            await hub.PostActivityAsync(hub.Activity("personal_message", BotFrameworkHub.NextId(), conversation), FakeTokenIssuer.Tamper(inbound));
            await hub.PostActivityAsync("{broken");
            await hub.Connector.WaitForMessagesAsync(conversation, succeeded: true).DefaultTimeout();
            outbound = [.. hub.Connector.Calls.Select(c => c.Authorization!["Bearer ".Length..]).Distinct()];
        }

        Assert.Contains(logs.Entries, e => e.Category.StartsWith("ChatHub.Adapters.BotFramework", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(FakeTokenIssuer.AppPassword, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(inbound.Split('.')[2], StringComparison.Ordinal));
        Assert.All(outbound, token => Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(token.Split('.')[2], StringComparison.Ordinal)));
        Assert.DoesNotContain(logs.Entries, e => e.Level > LogLevel.Debug && e.Text.Contains("zebra-4242", StringComparison.Ordinal)
            && (e.Category.Contains("BotFramework", StringComparison.Ordinal) || e.Category.StartsWith("System.Net.Http", StringComparison.Ordinal)));
    }
}
