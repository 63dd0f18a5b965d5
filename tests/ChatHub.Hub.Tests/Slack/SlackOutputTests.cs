using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using ChatHub.Hub.Tests.Telegram.Fakes;
using ChatHub.Testing.Slack;
using Microsoft.Extensions.AI;

namespace ChatHub.Hub.Tests.Slack;

/// <summary>Replies from a scripted model: escaped so they cannot ping or mask links, split under Slack's limit, streamed as edits.</summary>
public sealed class SlackOutputTests
{
    private static async IAsyncEnumerable<string> Once(string answer, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        yield return answer;
    }

    private static string NoWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    [Fact]
    public async Task Attack_ModelAnswersWithBroadcastMentionsAndAMaskedLink_PostedEscaped()
    {
        const string channel = "C0OUTPUT01";
        const string answer = "<!channel> <!here> <@U0ADMIN01> log in at <https://evil.example/steal|https://bank.example> & @channel";
        await using var hub = await SlackHub.StartAsync(
            new Dictionary<string, string?> { ["Hub:PartialReplyInterval"] = "00:00:00" },
            builder => builder.Services.AddSingleton<IChatClient>(new ScriptedChatClient(ct => Once(answer, ct)))).DefaultTimeout();
        var ts = SlackPayloads.NextTs();

        await hub.PostEventAsync(SlackPayloads.AppMention(channel, ts, "how do I log in?"));
        var posted = (await hub.Fake.WaitForCallsAsync("chat.postMessage", channel).DefaultTimeout())[0];

        // The masked link is Markdown's autolink: it is posted as its whole address, "|" percent-encoded, so Slack shows
        // the address it goes to and never "https://bank.example" as its label.
        Assert.Equal(
            "&lt;!channel&gt; &lt;!here&gt; &lt;@U0ADMIN01&gt; log in at <https://evil.example/steal%7Chttps://bank.example> &amp; @channel",
            posted.Text);
        Assert.DoesNotContain("|", posted.Text, StringComparison.Ordinal);
        Assert.Equal(ts, posted.ThreadTs);
        Assert.False(posted.Body["link_names"]!.GetValue<bool>());
        Assert.False(posted.Body["unfurl_links"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Reply_NineThousandCharacters_ThreeOrderedPartsInTheThreadUnderTheLimit()
    {
        const string channel = "C0OUTPUT02";
        var text = new StringBuilder();
        for (var sentence = 0; text.Length < 9_000; sentence++)
        {
            text.Append(CultureInfo.InvariantCulture, $"Sentence {sentence}: ChatHub keeps one conversation across platforms. ");
        }

        var answer = text.ToString(0, 9_000);
        await using var hub = await SlackHub.StartAsync(
            new Dictionary<string, string?> { ["Hub:PartialReplyInterval"] = "00:00:00" },
            builder => builder.Services.AddSingleton<IChatClient>(new ScriptedChatClient(ct => Once(answer, ct)))).DefaultTimeout();
        var ts = SlackPayloads.NextTs();

        await hub.PostEventAsync(SlackPayloads.AppMention(channel, ts, "Tell me everything"));
        await hub.Fake.WaitUntilAsync(() => NoWhitespace(string.Concat(hub.Fake.MessagesIn(channel).Select(m => m.Text))) == NoWhitespace(answer)).DefaultTimeout();

        var messages = hub.Fake.MessagesIn(channel);
        Assert.Equal(3, messages.Count);
        Assert.All(messages, m => Assert.InRange(m.Text.Length, 1, 4000));
        Assert.All(messages, m => Assert.Equal(ts, m.ThreadTs));
    }

    [Fact]
    public async Task Reply_Streamed_ShownByChatUpdateEditsAndFinishedComplete()
    {
        const string channel = "D0STREAM01";
        var fake = await FakeSlack.StartAsync().DefaultTimeout();

        async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Delay(20, cancellationToken); // model latency: lets the worker publish a partial reply
            yield return "ChatHub ";
            await fake.WaitForCallsAsync("chat.postMessage", channel).WaitAsync(cancellationToken);
            await Task.Delay(20, cancellationToken);
            yield return "streams ";
            await fake.WaitForCallsAsync("chat.update", channel).WaitAsync(cancellationToken);
            yield return "replies.";
        }

        await using var hub = await SlackHub.StartAsync(
            new Dictionary<string, string?>
            {
                ["Hub:PartialReplyInterval"] = "00:00:00.001",
                ["Channels:Slack:MinEditInterval"] = "00:00:00",
            },
            builder => builder.Services.AddSingleton<IChatClient>(new ScriptedChatClient(Stream)),
            fake).DefaultTimeout();

        await hub.PostEventAsync(SlackPayloads.DirectMessage(channel, SlackPayloads.NextTs(), "Do you stream?"));
        await fake.WaitUntilAsync(() => fake.MessagesIn(channel) is [{ Text: "ChatHub streams replies." }]).DefaultTimeout();

        var posts = fake.CallsTo("chat.postMessage", channel);
        Assert.Equal("ChatHub", Assert.Single(posts).Text);
        Assert.Contains(fake.CallsTo("chat.update", channel), c => c.Text == "ChatHub streams");
        Assert.Equal(posts[0].Channel, fake.CallsTo("chat.update", channel)[0].Channel);
    }

    [Fact]
    public async Task Send_ChannelNotFound_DeadLetteredWithSlacksReason()
    {
        const string channel = "C0GONE0001";
        await using var hub = await SlackHub.StartAsync().DefaultTimeout();
        hub.Fake.FailNext("chat.postMessage", "not_in_channel", channel: channel);

        await hub.PostEventAsync(SlackPayloads.AppMention(channel, SlackPayloads.NextTs(), "/help"));
        var letter = await hub.Bus.NextDeadLetterAsync(l => l.Key.Contains(channel, StringComparison.Ordinal)).DefaultTimeout();

        Assert.Contains("slack not_in_channel", letter.Reason, StringComparison.Ordinal);
        Assert.Single(hub.Fake.CallsTo("chat.postMessage", channel)); // permanent: not retried
    }
}
