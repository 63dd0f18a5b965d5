using System.Net;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram.Fakes;

namespace ChatHub.Hub.Tests.Telegram;

/// <summary>Issue 15, item 10, against the real composition: the webhook secret's strength, and refused calls throttled per client.</summary>
public sealed class TelegramWebhookThrottleTests
{
    [Theory]
    [InlineData("x")]
    [InlineData("only15chars_abc")]
    public async Task Start_GuessableWebhookSecret_Refused(string secret)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => TelegramHub.StartAsync(new Dictionary<string, string?>
        {
            ["Channels:Telegram:WebhookSecret"] = secret,
        }));

        Assert.Contains("WebhookSecret must be 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_WrongSecretFlood_ThrottledPerClient_UnloggedPastTheBurst_TelegramItselfStillGetsIn()
    {
        const long chat = 9_610_000_001;
        var logs = new CapturingLoggerProvider();
        await using var hub = await TelegramHub.StartAsync(
            new Dictionary<string, string?> { ["Channels:Telegram:FailedAuthBurst"] = "5", ["Channels:Telegram:FailedAuthRefill"] = "00:10:00" },
            configure: logs.Install);

        var statuses = new List<HttpStatusCode>();
        string? retryAfter = null;
        for (var i = 0; i < 12; i++)
        {
            using var response = await hub.PostUpdateAsync(TelegramUpdates.Private(chat, i + 1, "hello"), secret: i % 2 == 0 ? "guess-" + i : null);
            statuses.Add(response.StatusCode);
            retryAfter ??= response.Headers.RetryAfter?.ToString();
        }

        using var genuine = await hub.PostUpdateAsync(TelegramUpdates.Private(chat, 100, "/help"));
        await hub.Fake.WaitForCallsAsync("sendMessage", chat, where: c => c.ReplyToMessageId == 100 && c.Succeeded).DefaultTimeout();

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 7)], statuses);
        Assert.Equal("600", retryAfter);
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal(5, logs.Entries.Count(e => e.Level >= LogLevel.Warning && e.Text.Contains("secret token", StringComparison.Ordinal)));
    }
}
