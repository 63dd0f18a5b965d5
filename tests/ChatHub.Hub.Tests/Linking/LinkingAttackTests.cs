using System.Text.RegularExpressions;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram;
using Microsoft.Extensions.AI;

namespace ChatHub.Hub.Tests.Linking;

/// <summary>
/// Issue 15, items 3 and 6, against the real composition: a hub on Kestrel with Telegram (the loopback Bot API fake)
/// and the web chat (a SignalR client), the engine replaced by one that records the context it is given.
/// </summary>
public sealed partial class LinkingAttackTests : IAsyncLifetime
{
    private const long Victim = 9_150_000_001;        // a private Telegram chat (chat id = user id)
    private const long Group = -1_009_150_000_001;    // a Telegram group the victim and the attacker are in
    private const long GroupAttacker = 9_150_000_002;

    private readonly RecordingChatClient _engine = new();
    private TelegramHub _hub = null!;
    private long _nextMessage = 1;

    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}")]
    private static partial Regex CodePattern();

    public async Task InitializeAsync() =>
        _hub = await TelegramHub.StartAsync(
            new Dictionary<string, string?> { ["RateLimits:PerUserBurst"] = "100" },
            configure: b => b.Services.AddSingleton<IChatClient>(_engine));

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    /// <summary>Sends a Telegram message and returns the bot's reply to it.</summary>
    private async Task<string> TelegramAsync(long chat, string text, long? from = null)
    {
        var id = Interlocked.Increment(ref _nextMessage);
        var update = chat > 0 ? TelegramUpdates.Private(chat, id, text) : TelegramUpdates.Group(chat, id, text, fromId: from);
        using var response = await _hub.PostUpdateAsync(update);
        response.EnsureSuccessStatusCode();
        var call = await _hub.Fake.WaitForCallsAsync("sendMessage", chat, where: c => c.ReplyToMessageId == id && c.Succeeded).DefaultTimeout();
        return call[0].Text!;
    }

    [Fact]
    public async Task Attack_LinkInAGroup_NoCodeIsPostedToTheGroup()
    {
        var reply = await TelegramAsync(Group, "/link", from: Victim);

        Assert.DoesNotMatch(CodePattern(), reply);
        Assert.Contains("one-to-one chat", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_CodeRedeemedInAGroup_RefusedAndNotLinked()
    {
        var code = CodePattern().Match(await TelegramAsync(Victim, "/link")).Value;

        var reply = await TelegramAsync(Group, $"/link {code}", from: GroupAttacker);
        var whoami = await TelegramAsync(Victim, "/whoami");

        Assert.Contains("one-to-one chat", reply, StringComparison.Ordinal);
        Assert.Contains("Only this account", whoami, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_CodeRedeemedByTheWrongPerson_IssuerIsToldAndRemovesThem_AttackerLosesTheHistory()
    {
        await TelegramAsync(Victim, "my account number is 4711-0815");
        var code = CodePattern().Match(await TelegramAsync(Victim, "/link")).Value;
        await using var attacker = await WebChatUser.JoinAsync(_hub.Server.BaseAddress);

        await attacker.AskAsync($"/link {code}");
        var notice = await _hub.Fake.WaitForCallsAsync("sendMessage", Victim, where: c => c.Text!.Contains("link code was used", StringComparison.Ordinal))
            .DefaultTimeout();
        var removed = await TelegramAsync(Victim, "/unlink webchat");
        await attacker.AskAsync("what is my account number?");

        Assert.Contains("linked with web chat user", notice[0].Text, StringComparison.Ordinal);
        Assert.Contains("send /unlink webchat here to undo it", notice[0].Text, StringComparison.Ordinal);
        Assert.StartsWith("Removed", removed, StringComparison.Ordinal);
        Assert.DoesNotContain(_engine.Prompts[^1], m => m.Text.Contains("4711-0815", StringComparison.Ordinal));
        Assert.Contains("Only this account", await TelegramAsync(Victim, "/whoami"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_CodeRedeemedByTheWrongPerson_WhoRemovesTheIssuerFirst_RefusedAndTheIssuerStillRemovesThem()
    {
        await TelegramAsync(Victim, "my account number is 4711-0815");
        var code = CodePattern().Match(await TelegramAsync(Victim, "/link")).Value;
        await using var attacker = await WebChatUser.JoinAsync(_hub.Server.BaseAddress);
        await attacker.AskAsync($"/link {code}");

        var attempt = await attacker.AskAsync("/unlink telegram"); // before the victim reads the notice
        var removed = await TelegramAsync(Victim, "/unlink webchat");
        await attacker.AskAsync("what is my account number?");

        Assert.DoesNotContain("Removed", attempt, StringComparison.Ordinal);
        Assert.Contains("linked before this chat joined", attempt, StringComparison.Ordinal);
        Assert.StartsWith("Removed", removed, StringComparison.Ordinal);
        Assert.DoesNotContain(_engine.Prompts[^1], m => m.Text.Contains("4711-0815", StringComparison.Ordinal));
        Assert.Contains("Only this account", await TelegramAsync(Victim, "/whoami"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_GuessingTheSecondHalfOfALiveCode_GetsTheSameAnswerAsAnyWrongCode()
    {
        var code = CodePattern().Match(await TelegramAsync(Victim, "/link")).Value;
        await using var attacker = await WebChatUser.JoinAsync(_hub.Server.BaseAddress);

        var liveFirstHalf = await attacker.AskAsync($"/link {code[..5]}{(code[5] == 'A' ? "BBBB" : "AAAA")}");
        var unknown = await attacker.AskAsync($"/link {(code[0] == 'Z' ? "YYYY" : "ZZZZ")}-ZZZZ");

        Assert.Equal(unknown, liveFirstHalf);
    }

    [Fact]
    public async Task Attack_WrongGuessesAtTheVictimsCode_DoNotDestroyIt()
    {
        var code = CodePattern().Match(await TelegramAsync(Victim, "/link")).Value;
        var wrong = $"{code[..5]}{(code[5] == 'A' ? "BBBB" : "AAAA")}";
        for (var i = 0; i < 6; i++)
        {
            await using var guesser = await WebChatUser.JoinAsync(_hub.Server.BaseAddress);
            await guesser.AskAsync($"/link {wrong}");
        }

        await using var owner = await WebChatUser.JoinAsync(_hub.Server.BaseAddress);
        Assert.StartsWith("Linked", await owner.AskAsync($"/link {code}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attack_AFreshConversationPerGuess_LockedForTheWholeAddress()
    {
        var code = CodePattern().Match(await TelegramAsync(Victim, "/link")).Value;
        for (var i = 0; i < 20; i++)
        {
            // Each web-chat conversation is a new identity with a fresh per-identity limit; the address is the same.
            await using var guesser = await WebChatUser.JoinAsync(_hub.Server.BaseAddress);
            await guesser.AskAsync($"/link {(code[0] == 'Z' ? "YYY" : "ZZZ")}{"ABCDEFGHJKMNPQRSTUVW"[i]}-ZZZZ");
        }

        await using var lucky = await WebChatUser.JoinAsync(_hub.Server.BaseAddress);
        var reply = await lucky.AskAsync($"/link {code}");

        Assert.Contains("locked", reply, StringComparison.Ordinal);
        Assert.Contains("Only this account", await TelegramAsync(Victim, "/whoami"), StringComparison.Ordinal);
    }
}
