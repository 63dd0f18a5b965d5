using System.Net;
using ChatHub.Hub.Tests.BotFramework;
using ChatHub.Hub.Tests.Discord;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram;
using ChatHub.Testing.Telegram;
using ChatHub.Testing.Discord;
using ChatHub.Testing.BotFramework;

namespace ChatHub.Hub.Tests.Telemetry;

/// <summary>
/// Strings from outside (a JWT's iss and kid, an activity's type, a platform's error description or close reason)
/// must not forge log lines: written through the real simple console formatter, no line of the output may begin with
/// what the attacker wrote after a line break (issue 15, item 13).
/// </summary>
public sealed class LogInjectionTests
{
    /// <summary>What a forged entry would look like in the simple console format.</summary>
    private const string Forged = "crit: ChatHub.Forged[666]";

    public static TheoryData<string> Breaks() => ["\n", "\r", "\r\n", "\u2028", "\u0085"];

    /// <summary>No line starts with the forged entry, and the attempt did reach the log (escaped), so the test can fail.</summary>
    private static void AssertNotForged(SimpleConsoleCapture logs, string reachedAs)
    {
        Assert.DoesNotContain(logs.Lines, line => line.TrimStart().StartsWith(Forged, StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains(reachedAs + Forged, StringComparison.Ordinal));
    }

    private static string Escaped(string lineBreak) => lineBreak switch
    {
        "\n" => @"\n",
        "\r" => @"\r",
        "\r\n" => @"\r\n",
        _ => $@"\u{(int)lineBreak[0]:x4}",
    };

    [Theory]
    [MemberData(nameof(Breaks))]
    public async Task BotFramework_IssuerWithALineBreak_NoForgedLine(string lineBreak)
    {
        using var logs = new SimpleConsoleCapture();
        await using var hub = await BotFrameworkHub.StartAsync(configure: logs.Install);
        var token = FakeTokenIssuer.ForgedToken($"https://evil.example/{lineBreak}{Forged} token accepted", "bf-key-1", hub.Connector.ServiceUrl);

        var response = await hub.PostActivityAsync(hub.Activity("personal_message", BotFrameworkHub.NextId(), "a:1logiss"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertNotForged(logs, Escaped(lineBreak));
    }

    [Fact]
    public async Task BotFramework_KeyIdWithALineBreak_NoForgedLine()
    {
        using var logs = new SimpleConsoleCapture();
        await using var hub = await BotFrameworkHub.StartAsync(configure: logs.Install);
        var token = FakeTokenIssuer.ForgedToken(FakeTokenIssuer.BotConnectorIssuer, $"kid-1\n{Forged} keys replaced", hub.Connector.ServiceUrl);

        var response = await hub.PostActivityAsync(hub.Activity("personal_message", BotFrameworkHub.NextId(), "a:1logkid"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertNotForged(logs, @"\n");
    }

    [Fact]
    public async Task BotFramework_ActivityTypeWithALineBreak_NoForgedLineEvenAtDebug()
    {
        using var logs = new SimpleConsoleCapture();
        await using var hub = await BotFrameworkHub.StartAsync(configure: logs.Install);
        var activity = hub.Activity("personal_message", BotFrameworkHub.NextId(), "a:1logtype", a => a["type"] = $"custom\n{Forged} admin added");

        var response = await hub.PostActivityAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNotForged(logs, @"\n");
    }

    [Fact]
    public async Task Telegram_ErrorDescriptionWithALineBreak_NoForgedLine()
    {
        const long chat = 9600000002;
        using var logs = new SimpleConsoleCapture();
        var fake = await FakeBotApi.StartAsync().DefaultTimeout();
        fake.FailNext("sendMessage", 400, $"Bad Request: chat gone\n{Forged} secret rotated", chatId: chat);
        await using var hub = await TelegramHub.StartAsync(configure: logs.Install, fake: fake);

        await hub.PostUpdateAsync(TelegramUpdates.Private(chat, 1, "What is ChatHub?"));
        await hub.Bus.NextDeadLetterAsync(l => l.Outbound?.Conversation.ChatId == chat.ToString(System.Globalization.CultureInfo.InvariantCulture)).DefaultTimeout();

        AssertNotForged(logs, @"\n");
    }

    [Fact]
    public async Task Discord_CloseReasonWithALineBreak_NoForgedLine()
    {
        using var logs = new SimpleConsoleCapture();
        var fake = await FakeDiscord.StartAsync().DefaultTimeout();
        await using var hub = await DiscordHub.StartAsync(configure: logs.Install, fake: fake).DefaultTimeout();
        await hub.WaitForSessionAsync().DefaultTimeout();

        fake.Close(4000, $"bye\n{Forged} token leaked");
        await fake.WaitForClientOpAsync(1, 6).DefaultTimeout(); // the hub resumed: the close was logged before

        AssertNotForged(logs, @"\n");
    }
}
