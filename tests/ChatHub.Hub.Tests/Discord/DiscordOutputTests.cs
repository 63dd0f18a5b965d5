using System.Runtime.CompilerServices;
using ChatHub.Hub.Tests.Discord.Fakes;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram.Fakes;
using Microsoft.Extensions.AI;

namespace ChatHub.Hub.Tests.Discord;

/// <summary>
/// Issue 15, item 12, against the real composition: a model's Markdown reaches Discord escaped (a masked link shows its
/// real address, a heading stays a line of text) and without link embeds.
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

        Assert.Equal("\\# Security notice\nLog in at \\[https://bank.example/login\\]\\(https://evil.example/steal) now.", created.Content);
        Assert.Equal(4, created.Body["flags"]?.GetValue<int>()); // SUPPRESS_EMBEDS
        Assert.Equal(question, created.ReplyTo);
    }
}
