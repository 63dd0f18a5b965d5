using System.Text.Json;
using System.Text.RegularExpressions;
using ChatHub.Hub.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using ChatHub.Testing.SignalR;

namespace ChatHub.Hub.Tests.Linking;

/// <summary>
/// Linking end to end on real Kestrel: two web-chat conversations stand for two platforms (each is its own
/// platform identity), linked by a one-time code; the context then follows the person.
/// </summary>
public sealed partial class AccountLinkingTests : IAsyncLifetime
{
    private readonly RecordingChatClient _engine = new();
    private HubServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await HubServer.StartAsync(
            // The lockout test sends a dozen commands in a row: keep the per-person rate limit out of its way.
            new Dictionary<string, string?> { ["RateLimits:PerUserBurst"] = "100" },
            configure: b => b.Services.AddSingleton<IChatClient>(_engine));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [GeneratedRegex("[A-Z2-9]{4}-[A-Z2-9]{4}")]
    private static partial Regex CodePattern();

    [Fact]
    public async Task Link_ThenAskOnOtherPlatform_ContextContainsEarlierTurn()
    {
        await using var a = await WebChatUser.JoinAsync(_server.BaseAddress);
        await using var b = await WebChatUser.JoinAsync(_server.BaseAddress);
        await a.AskAsync("Hi, my name is Ada Lovelace");

        var code = CodePattern().Match(await a.AskAsync("/link")).Value;
        var confirmation = await b.AskAsync($"/link {code}");
        var otherSide = await a.NextFinalAsync();
        await b.AskAsync("What is my name?");

        Assert.StartsWith("Linked", confirmation, StringComparison.Ordinal);
        Assert.Contains("send /unlink webchat here to undo it", otherSide.GetProperty("text").GetString(), StringComparison.Ordinal);
        var prompt = _engine.Prompts[^1].Select(m => m.Text).ToList();
        Assert.Contains("Hi, my name is Ada Lovelace", prompt);
        Assert.Equal("What is my name?", prompt[^1]);

        var whoami = await b.AskAsync("/whoami");
        Assert.Equal(2, whoami.Split('\n').Count(l => l.StartsWith("- webchat", StringComparison.Ordinal)));
    }

    /// <summary>
    /// The linking flow's next steps as suggested replies (chips in the widget): the new side may check with /whoami, the
    /// issuing side gets a one-tap undo, /whoami offers removing the other account, and an unlinked chat offers /link.
    /// </summary>
    [Fact]
    public async Task Link_EachStepSuggestsTheNextOne_TheUndoChipUndoes()
    {
        await using var a = await WebChatUser.JoinAsync(_server.BaseAddress);
        await using var b = await WebChatUser.JoinAsync(_server.BaseAddress);
        var code = CodePattern().Match(await a.AskAsync("/link")).Value;

        var confirmation = await b.AskForReplyAsync($"/link {code}");
        var otherSide = await a.NextFinalAsync();
        var whoami = await a.AskForReplyAsync("/whoami");

        Assert.Equal(["/whoami"], Suggestions(confirmation));
        Assert.Equal(["/unlink webchat"], Suggestions(otherSide));
        Assert.Equal(["/unlink webchat"], Suggestions(whoami));

        var undone = await a.AskAsync(Suggestions(otherSide)[0]); // the chip sends its text
        var alone = await b.AskForReplyAsync("/unlink");

        Assert.StartsWith("Removed: your web chat account", undone, StringComparison.Ordinal);
        Assert.Equal("This chat is not linked to any other account.", alone.GetProperty("text").GetString());
        Assert.Equal(["/link"], Suggestions(alone));
    }

    private static List<string> Suggestions(JsonElement reply) =>
        reply.TryGetProperty("suggestions", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Select(e => e.GetString()!)]
            : [];

    [Fact]
    public async Task Link_WrongAndReusedCodes_RefusedClearly()
    {
        await using var a = await WebChatUser.JoinAsync(_server.BaseAddress);
        await using var b = await WebChatUser.JoinAsync(_server.BaseAddress);
        await using var c = await WebChatUser.JoinAsync(_server.BaseAddress);

        var wrong = await b.AskAsync("/link not-a-code");
        var code = CodePattern().Match(await a.AskAsync("/link")).Value;
        await b.AskAsync($"/link {code}");
        var reused = await c.AskAsync($"/link {code}");

        Assert.Contains("not a link code", wrong, StringComparison.Ordinal);
        Assert.Contains("That code is not valid", reused, StringComparison.Ordinal);
        Assert.Contains("Only this account", await c.AskAsync("/whoami"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_TenWrongGuesses_LocksLinkingForThatIdentity()
    {
        await using var a = await WebChatUser.JoinAsync(_server.BaseAddress);
        await using var attacker = await WebChatUser.JoinAsync(_server.BaseAddress);
        var code = CodePattern().Match(await a.AskAsync("/link")).Value;

        var replies = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            replies.Add(await attacker.AskAsync($"/link ZZZ{"ABCDEFGHJK"[i]}-ZZZZ"));
        }

        var withRightCode = await attacker.AskAsync($"/link {code}");

        Assert.All(replies.Take(9), r => Assert.Contains("That code is not valid", r, StringComparison.Ordinal));
        Assert.Contains("locked", replies[9], StringComparison.Ordinal);
        Assert.Contains("locked", withRightCode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unlink_DetachesAndStartsFresh()
    {
        await using var a = await WebChatUser.JoinAsync(_server.BaseAddress);
        await using var b = await WebChatUser.JoinAsync(_server.BaseAddress);
        await a.AskAsync("remember the word pineapple");
        var code = CodePattern().Match(await a.AskAsync("/link")).Value;
        await b.AskAsync($"/link {code}");

        Assert.StartsWith("Unlinked", await b.AskAsync("/unlink"), StringComparison.Ordinal);
        await b.AskAsync("what word?");

        Assert.DoesNotContain("remember the word pineapple", _engine.Prompts[^1].Select(m => m.Text));
    }
}
