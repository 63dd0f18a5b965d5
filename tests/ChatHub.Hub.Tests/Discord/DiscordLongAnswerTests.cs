using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using ChatHub.Hub.Tests.Telegram.Fakes;
using Microsoft.Extensions.AI;
using ChatHub.Testing.Discord;

namespace ChatHub.Hub.Tests.Discord;

/// <summary>Answers from a scripted model: a 5,000-character answer in ordered parts, and a streamed answer shown by edits.</summary>
public sealed class DiscordLongAnswerTests
{
    private static string NoWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static string LongAnswer()
    {
        var text = new StringBuilder();
        for (var paragraph = 0; text.Length < 5_000; paragraph++)
        {
            for (var sentence = 0; sentence < 6; sentence++)
            {
                text.Append(CultureInfo.InvariantCulture, $"Paragraph {paragraph}, sentence {sentence}: ChatHub keeps one conversation across platforms 🚀. ");
            }

            text.Append("\n\n");
        }

        return text.ToString(0, 5_000);
    }

    private static async IAsyncEnumerable<string> Chunks(string text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < text.Length; i += 500)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return text.Substring(i, Math.Min(500, text.Length - i));
        }
    }

    [Fact]
    public async Task Reply_FiveThousandCharacters_ArrivesAsOrderedPartsUnderTheLimit()
    {
        const string channel = "740000000000000001";
        var answer = LongAnswer();
        await using var hub = await DiscordHub.StartAsync(
            new Dictionary<string, string?> { ["Hub:PartialReplyInterval"] = "00:00:00" },
            builder => builder.Services.AddSingleton<IChatClient>(new ScriptedChatClient(ct => Chunks(answer, ct)))).DefaultTimeout();
        await hub.WaitForSessionAsync();
        var question = DiscordPayloads.NextId();

        hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(question, channel, "Tell me everything about ChatHub"));
        await hub.Fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel, count: 3).DefaultTimeout();
        await hub.Fake.WaitUntilAsync(() => NoWhitespace(string.Concat(hub.Fake.MessagesIn(channel).Select(m => m.Content))) == NoWhitespace(answer)).DefaultTimeout();

        var messages = hub.Fake.MessagesIn(channel);
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.InRange(m.Content.Length, 1, 2000));
        Assert.Equal([question, null, null], messages.Select(m => m.ReplyTo));
        Assert.All(messages.Take(2), m => Assert.EndsWith(".", m.Content, StringComparison.Ordinal)); // cut at sentence or paragraph ends
    }

    [Fact]
    public async Task Reply_Streamed_ShownByThrottledEditsAndFinishedComplete()
    {
        const string channel = "740000000000000002";
        var fake = await FakeDiscord.StartAsync().DefaultTimeout();

        async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(20, cancellationToken); // model latency: lets the worker publish a partial reply
            yield return "ChatHub ";
            await fake.WaitForCallsAsync(FakeRoute.CreateMessage, channel).WaitAsync(cancellationToken);
            await Task.Delay(20, cancellationToken);
            yield return "streams ";
            await fake.WaitForCallsAsync(FakeRoute.EditMessage, channel).WaitAsync(cancellationToken);
            yield return "replies.";
        }

        await using var hub = await DiscordHub.StartAsync(
            new Dictionary<string, string?>
            {
                ["Hub:PartialReplyInterval"] = "00:00:00.001",
                ["Channels:Discord:MinEditInterval"] = "00:00:00",
            },
            builder => builder.Services.AddSingleton<IChatClient>(new ScriptedChatClient(Stream)),
            fake).DefaultTimeout();
        await hub.WaitForSessionAsync();
        var question = DiscordPayloads.NextId();

        hub.Fake.Dispatch("MESSAGE_CREATE", DiscordPayloads.Dm(question, channel, "Do you stream?"));
        await fake.WaitForCallsAsync(FakeRoute.EditMessage, channel, where: c => c.Content == "ChatHub streams replies.").DefaultTimeout();

        var creates = fake.CallsTo(FakeRoute.CreateMessage, channel);
        var message = Assert.Single(fake.MessagesIn(channel));
        Assert.Equal("ChatHub", Assert.Single(creates).Content);
        Assert.Equal(question, creates[0].ReplyTo);
        Assert.Equal("ChatHub streams replies.", message.Content);
        Assert.Contains(fake.CallsTo(FakeRoute.EditMessage, channel), c => c.Content == "ChatHub streams");
    }
}
