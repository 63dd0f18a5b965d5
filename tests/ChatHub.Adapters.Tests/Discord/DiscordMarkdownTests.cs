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
    [InlineData("> quoted", "\\> quoted")]
    [InlineData("a - b, 3-4", "a - b, 3-4")]
    [InlineData("see https://example.org/a_b*c~d?x=(1)", "see https://example.org/a_b*c~d?x=(1)")]
    [InlineData("back\\slash", "back\\\\slash")]
    public void Escape_Table(string text, string escaped) => Assert.Equal(escaped, DiscordMarkdown.Escape(text));

    [Theory]
    [InlineData(ReplySource.Model, true)]
    [InlineData(ReplySource.Cache, true)]
    [InlineData(ReplySource.System, true)]
    [InlineData(ReplySource.Knowledge, false)]
    public void TextOf_EscapesAllButTheKnowledgeBase(string source, bool escaped)
    {
        var message = new OutboundMessage
        {
            Id = "r1", Conversation = new ConversationRef("discord", "b", "1"), Kind = OutboundKind.Final, Text = "**hi**", Source = source,
            CreatedAt = DateTimeOffset.UnixEpoch,
        };
        Assert.Equal(escaped ? "\\*\\*hi\\*\\*" : "**hi**", DiscordMarkdown.TextOf(message));
    }
}
