using System.Runtime.CompilerServices;
using ChatHub.Hub.Tests.Telegram.Fakes;
using ChatHub.Testing.Discord;
using Microsoft.Extensions.AI;

namespace ChatHub.Hub.Tests.Discord;

/// <summary>
/// Issue 15, item 12, against the real composition: a model's Markdown reaches Discord without a masked link (the real
/// address is shown after the label), its heading as a bold line rather than an announcement, and without link embeds
/// (issue 21 renders the rest of the Markdown).
/// </summary>
public sealed class DiscordOutputTests
{
    private const string Answer = "# Security notice\nLog in at [https://bank.example/login](https://evil.example/steal) now.";

    private static async IAsyncEnumerable<string> Once([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        yield return Answer;
    }

    [Fact]
    public async Task Attack_ModelAnswersWithAMaskedLinkAndAHeading_PostedEscapedWithoutEmbeds()
    {
        const string channel = "750000000000000001";
        await using var hub = await DiscordHub.StartAsync(
            new Dictionary<string, string?> { ["Hub:PartialReplyInterval"] = "00:00:00" },
            builder => builder.Services.AddSingleton<IChatClient>(new ScriptedChatClient(Once))).DefaultTimeout();
        await hub.WaitForSessionAsync();
        var question = DiscordPayloads.NextId();

        hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(question, channel, "how do I log in?"));
        var created = (await hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel).DefaultTimeout())[0];

        Assert.Equal("**Security notice**\n\nLog in at https://bank.example/login (<https://evil.example/steal>) now.", created.Content);
        Assert.Equal(4, created.Body["flags"]?.GetValue<int>()); // SUPPRESS_EMBEDS
        Assert.Equal(question, created.ReplyTo);
    }
}
