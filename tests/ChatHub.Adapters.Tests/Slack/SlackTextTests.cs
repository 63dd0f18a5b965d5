using ChatHub.Adapters.Slack.Egress;
using ChatHub.Adapters.Slack.Ingress;
using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Tests.Slack;

/// <summary>Slack text in (the bot's mention removed, escapes decoded) and out (escaped so that nothing pings or hides a link; split under the limit).</summary>
public sealed class SlackTextTests
{
    private const string Bot = "U0BOTUSER1";

    [Theory]
    [InlineData("<@U0BOTUSER1> what is ChatHub?", "what is ChatHub?")]
    [InlineData("<@U0BOTUSER1|chathub> hi", "hi")]
    [InlineData("hi <@U0BOTUSER1> and <@U0BOTUSER1>", "hi  and")]
    [InlineData("ask <@U0BOTUSER12> please", "ask <@U0BOTUSER12> please")]
    [InlineData("<@U0BOTUSER1", "<@U0BOTUSER1")]
    [InlineData("a &lt;b&gt; &amp;lt; c", "a <b> &lt; c")]
    [InlineData("<@U0BOTUSER1>", "")]
    public void FromSlack_MentionAndEscapes_PlainText(string text, string expected)
    {
        Assert.Equal(expected, SlackText.FromSlack(text, Bot));
    }

    [Theory]
    [InlineData("<!channel> hi", "&lt;!channel&gt; hi")]
    [InlineData("<@U123> <!here|here>", "&lt;@U123&gt; &lt;!here|here&gt;")]
    [InlineData("<https://evil.example|https://bank.example>", "&lt;https://evil.example|https://bank.example&gt;")]
    [InlineData("Q&A: a < b > c", "Q&amp;A: a &lt; b &gt; c")]
    [InlineData("&amp;", "&amp;amp;")]
    [InlineData("@channel *bold* https://example.com", "@channel *bold* https://example.com")]
    public void Escape_ControlCharacters_Escaped(string text, string expected)
    {
        Assert.Equal(expected, SlackMrkdwn.Escape(text));
    }

    [Fact]
    public void PartsOf_LongReply_SplitUnderTheLimitAndEscaped()
    {
        var text = string.Concat(Enumerable.Repeat("ChatHub <3 Slack & everyone. ", 400)); // 11,600 characters
        var message = new OutboundMessage
        {
            Id = "re_1", Conversation = new ConversationRef(ChannelNames.Slack, "T1", "C1"), Kind = OutboundKind.Final, Text = text,
        };

        var parts = SlackMrkdwn.PartsOf(message);

        Assert.Equal(4, parts.Count); // 14,400 characters once escaped: split after escaping, each part within Slack's 4,000
        Assert.All(parts, p => Assert.InRange(p.Length, 1, SlackMrkdwn.MaxLength));
        Assert.All(parts, p => Assert.DoesNotContain("<", p, StringComparison.Ordinal));
        Assert.Equal(text.Replace(" ", "", StringComparison.Ordinal), string.Concat(parts.Select(p => p.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData("1515449522.000016", true)]
    [InlineData("1.2", true)]
    [InlineData("1515449522", false)]
    [InlineData(".5", false)]
    [InlineData("5.", false)]
    [InlineData("1.2.3", false)]
    [InlineData("-1.0", false)]
    [InlineData("1e5.0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsTs_MessageTimestamps(string? ts, bool expected)
    {
        Assert.Equal(expected, SlackEventMapper.IsTs(ts));
    }
}
