using ChatHub.Adapters.Discord.Egress;
using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Tests.Discord;

public sealed class DiscordMarkdownTests
{
    [Theory]
    [InlineData("plain words, no markup.", "plain words, no markup.")]
    [InlineData("[https://bank.example](https://evil.example)", "\\[https://bank.example\\]\\(https://evil.example)")]
    [InlineData("# SYSTEM NOTICE", "\\# SYSTEM NOTICE")]
    [InlineData("-# small print\n- item", "\\-\\# small print\n\\- item")]
    [InlineData("**bold** __u__ ~~s~~ ||spoiler|| `code`", "\\*\\*bold\\*\\* \\_\\_u\\_\\_ \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| \\`code\\`")]
    [InlineData("<@123> <#456> <t:1700000000>", "\\<@123\\> \\<\\#456\\> \\<t:1700000000\\>")]
    [InlineData("@everyone @here a@b", "@\u200Beveryone @\u200Bhere a@b")]
    [InlineData("1. not a list\n12) nor this", "1\\. not a list\n12\\) nor this")]
    [InlineData("> quoted", "\\> quoted")]
    [InlineData("a - b, 3-4", "a - b, 3-4")]
    [InlineData("see https://example.org/a_b*c~d?x=(1)", "see https://example.org/a_b*c~d?x=(1)")]
    [InlineData("back\\slash", "back\\\\slash")]
    public void Escape_Table(string text, string escaped) => Assert.Equal(escaped, DiscordMarkdown.Escape(text));

    [Theory]
    [InlineData(ReplySource.Model, false)]
    [InlineData(ReplySource.Cache, false)]
    [InlineData(ReplySource.System, true)]
    [InlineData(ReplySource.Knowledge, false)]
    public void TextOf_AnswersKeepTheirMarkdownSystemRepliesAreEscaped(string source, bool escaped)
    {
        var message = new OutboundMessage
        {
            Id = "r1", Conversation = new ConversationRef("discord", "b", "1"), Kind = OutboundKind.Final, Text = "**hi**", Source = source,
            CreatedAt = DateTimeOffset.UnixEpoch,
        };
        Assert.Equal(escaped ? "\\*\\*hi\\*\\*" : "**hi**", DiscordMarkdown.TextOf(message));
    }

    [Theory]
    [InlineData(1999)]
    [InlineData(1998)]
    [InlineData(3999)]
    public void PartsOf_ACutBetweenABackslashAndWhatItEscapes_NeverLeavesLiveMarkdown(int prefix)
    {
        // No whitespace: the splitter cuts inside the run, where an escaped "*" is two characters.
        var text = new string('x', prefix) + "**bold**" + new string('y', 50) + "||spoiler||";
        var message = new OutboundMessage
        {
            Id = "r1", Conversation = new ConversationRef("discord", "b", "1"), Kind = OutboundKind.Final, Text = text, Source = ReplySource.System,
            CreatedAt = DateTimeOffset.UnixEpoch,
        };

        var parts = DiscordMarkdown.PartsOf(message);

        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, DiscordTextSplitter.MaxLength));
        Assert.All(parts, p => Assert.Equal(0, (p.Length - p.TrimEnd('\\').Length) % 2));
        Assert.Equal(DiscordMarkdown.Escape(text), string.Concat(parts));
    }
}
