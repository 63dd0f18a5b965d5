using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using ChatHub.Hub.Tests.Telegram.Fakes;
using Microsoft.Extensions.AI;
using ChatHub.Testing.Telegram;

namespace ChatHub.Hub.Tests.Telegram;

/// <summary>Answers from a scripted model: a 10,000-character answer in ordered parts, and a streamed answer shown progressively.</summary>
public sealed class TelegramLongAnswerTests
{
    private static string NoWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static string LongAnswer()
    {
        var text = new StringBuilder();
        for (var paragraph = 0; text.Length < 10_000; paragraph++)
        {
            for (var sentence = 0; sentence < 8; sentence++)
            {
                text.Append(CultureInfo.InvariantCulture, $"Paragraph {paragraph}, sentence {sentence}: ChatHub keeps one conversation across platforms 🚀. ");
            }

            text.Append("\n\n");
        }

        return text.ToString(0, 10_000);
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
    public async Task Reply_TenThousandCharacters_ArrivesAsOrderedPartsUnderTheLimit()
    {
        const long chat = 9300000001;
        var answer = LongAnswer();
        await using var hub = await TelegramHub.StartAsync(
            new Dictionary<string, string?> { ["Hub:PartialReplyInterval"] = "00:00:00" },
            builder => builder.Services.AddSingleton<IChatClient>(new ScriptedChatClient(ct => Chunks(answer, ct))));

        await hub.PostUpdateAsync(TelegramUpdates.Private(chat, 7, "Tell me everything about ChatHub"));
        var sends = await hub.Fake.WaitForCallsAsync("sendMessage", chat, count: 3).DefaultTimeout();

        var messages = hub.Fake.MessagesIn(chat);
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.InRange(m.Text.Length, 1, 4096));
        Assert.Equal(NoWhitespace(answer), NoWhitespace(string.Concat(messages.Select(m => m.Text))));
        Assert.Equal([7L, null, null], sends.Select(c => c.ReplyToMessageId));
        Assert.All(messages.Take(2), m => Assert.EndsWith(".", m.Text, StringComparison.Ordinal)); // cut at sentence or paragraph ends
    }

    [Fact]
    public async Task Reply_Streamed_ShownProgressivelyWithEditsAndFinishedComplete()
    {
        const long chat = 9300000002;
        FakeBotApi fake = await FakeBotApi.StartAsync().DefaultTimeout();

        async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(20, cancellationToken); // model latency: lets the worker publish a partial reply
            yield return "ChatHub ";
            await fake.WaitForCallsAsync("sendMessage", chat).WaitAsync(cancellationToken);
            await Task.Delay(20, cancellationToken);
            yield return "streams ";
            await fake.WaitForCallsAsync("editMessageText", chat).WaitAsync(cancellationToken);
            yield return "replies.";
        }

        await using var hub = await TelegramHub.StartAsync(
            new Dictionary<string, string?>
            {
                ["Hub:PartialReplyInterval"] = "00:00:00.001",
                ["Channels:Telegram:MinEditInterval"] = "00:00:00",
            },
            builder => builder.Services.AddSingleton<IChatClient>(new ScriptedChatClient(Stream)),
            fake);

        await hub.PostUpdateAsync(TelegramUpdates.Private(chat, 8, "Do you stream?"));
        await fake.WaitForCallsAsync("editMessageText", chat, where: c => c.Text == "ChatHub streams replies.").DefaultTimeout();

        var sends = fake.CallsTo("sendMessage", chat);
        var message = Assert.Single(fake.MessagesIn(chat));
        Assert.Equal("ChatHub", Assert.Single(sends).Text);
        Assert.Equal(8, sends[0].ReplyToMessageId);
        Assert.Equal("ChatHub streams replies.", message.Text);
        Assert.Contains(fake.CallsTo("editMessageText", chat), c => c.Text == "ChatHub streams");
    }
}
