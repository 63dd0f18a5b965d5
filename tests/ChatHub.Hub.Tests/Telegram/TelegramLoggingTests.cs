using ChatHub.Testing.Telegram;
using ChatHub.Testing.Logging;

namespace ChatHub.Hub.Tests.Telegram;

/// <summary>The bot token is in every Bot API URL: it must never reach a log, at any level, even when things fail.</summary>
public sealed class TelegramLoggingTests
{
    [Fact]
    public async Task Logs_TrafficWithFailures_NeverContainTheTokenNorTelegramMessageTextAboveDebug()
    {
        const long chat = 9600000001;
        const string question = "What is ChatHub? zebra-4242";
        var logs = new CapturingLoggerProvider();
        var fake = await FakeBotApi.StartAsync().DefaultTimeout();
        fake.FailNext("sendMessage", 500, "Internal Server Error", chatId: chat);
        fake.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", chatId: chat, retryAfter: 1);
        fake.FailNext("sendChatAction", 500, "Internal Server Error", chatId: chat);

        await using (var hub = await TelegramHub.StartAsync(configure: logs.Install, fake: fake))
        {
            await hub.PostUpdateAsync(TelegramUpdates.Private(chat, 1, question));
            await hub.PostUpdateAsync("{broken", secret: TelegramHub.Secret);
            await hub.PostUpdateAsync(TelegramUpdates.Private(chat, 2, question), secret: "wrong");
            await fake.WaitForCallsAsync("sendMessage", chat, where: c => c.Succeeded).DefaultTimeout();
        }

        var key = FakeBotApi.Token[(FakeBotApi.Token.IndexOf(':', StringComparison.Ordinal) + 1)..];
        Assert.Contains(logs.Entries, e => e.Category.StartsWith("ChatHub.Adapters.Telegram", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(key, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Level > LogLevel.Debug && e.Text.Contains("zebra-4242", StringComparison.Ordinal)
            && (e.Category.Contains("Telegram", StringComparison.Ordinal) || e.Category.StartsWith("System.Net.Http", StringComparison.Ordinal)));
    }
}
