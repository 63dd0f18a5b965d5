using ChatHub.Adapters.Abstractions.Formatting;
using ChatHub.Adapters.BotFramework.Egress;
using ChatHub.Adapters.Discord.Egress;
using ChatHub.Adapters.Slack.Egress;
using ChatHub.Adapters.Telegram.Egress;
using ChatHub.Adapters.WhatsApp.Egress;
using ChatHub.Conversation.Messages;
using ChatHub.Testing.Formatting;
using ChatHub.Testing.Telegram;
using Telegram.Bot.Types.Enums;

namespace ChatHub.Adapters.Tests.Formatting;

/// <summary>The golden reply (<see cref="GoldenMarkdown"/>) rendered for each platform, exactly.</summary>
public sealed class FormattingGoldenTests
{
    [Fact]
    public void Telegram_GoldenReply_TextAndEntities()
    {
        var formatted = TelegramFormatter.Format(FormattedText.Parse(GoldenMarkdown.Reply));

        Assert.Equal(GoldenMarkdown.TelegramText, formatted.Text);
        Assert.Equal(
            GoldenMarkdown.TelegramEntities,
            formatted.Entities.Select(e => new SentEntity(EntityName(e.Type), e.Offset, e.Length, e.Url, e.Language)));
        Assert.Equal("😀", formatted.Text[117..119]); // the offsets count UTF-16 units
        Assert.Equal("after emoji", formatted.Text[120..131]);
    }

    [Fact]
    public void Telegram_NestingTelegramRefuses_Flattened()
    {
        var formatted = TelegramFormatter.Format(FormattedText.Parse("> outer\n>\n> > inner\n\n[`run` it](https://example.org/)"));

        Assert.Equal("outer\ninner\n\nrun it (https://example.org/)", formatted.Text);
        Assert.Equal(
            [new(MessageEntityType.Blockquote, 0, 11), new(MessageEntityType.TextLink, 13, 6, Url: "https://example.org/"), new(MessageEntityType.Url, 21, 20)],
            formatted.Entities);
    }

    [Fact]
    public void Discord_GoldenReply_Markdown() => Assert.Equal(GoldenMarkdown.DiscordText, DiscordMarkdown.TextOf(Reply(ReplySource.Model)));

    [Fact]
    public void Teams_GoldenReply_Markdown() => Assert.Equal(GoldenMarkdown.TeamsText, Assert.Single(BotFrameworkSender.PartsOf(Reply(ReplySource.Model), 24 * 1024)));

    [Fact]
    public void Slack_GoldenReply_Mrkdwn() => Assert.Equal(GoldenMarkdown.SlackText, Assert.Single(SlackMrkdwn.PartsOf(Reply(ReplySource.Model))));

    [Fact]
    public void WhatsApp_GoldenReply_FormattedText() => Assert.Equal(GoldenMarkdown.WhatsAppText, WhatsAppTextOf(Reply(ReplySource.Model)));

    [Theory]
    [InlineData(ReplySource.Model, true)]
    [InlineData(ReplySource.Knowledge, true)]
    [InlineData(ReplySource.Cache, true)]
    [InlineData(ReplySource.System, false)]
    public void Of_OnlyAnswersAreMarkdown(string source, bool markdown)
    {
        var formatted = FormattedText.Of(Reply(source) with { Text = "**hi** <b>" });

        var paragraph = Assert.IsType<MarkdownBlock.Paragraph>(Assert.Single(formatted.Blocks));
        Assert.Equal(markdown ? 2 : 1, paragraph.Inlines.Count);
        Assert.Equal(markdown ? "hi <b>" : "**hi** <b>", FormattedText.TextOf(paragraph.Inlines));
    }

    [Fact]
    public void Of_AnErrorReply_IsPlain()
    {
        var formatted = FormattedText.Of(Reply(ReplySource.Model) with { Text = "*x*", IsError = true });

        Assert.Equal("*x*", FormattedText.TextOf(((MarkdownBlock.Paragraph)formatted.Blocks[0]).Inlines));
    }

    [Theory]
    [InlineData("[x](javascript:alert(1))", "x")]
    [InlineData("[x](data:text/html,hi)", "x")]
    [InlineData("[x](/relative)", "x")]
    [InlineData("<javascript:alert(1)>", "javascript:alert(1)")]
    [InlineData("![pic](javascript:alert(1))", "pic")]
    public void Parse_UnsafeLinks_KeepOnlyTheirLabel(string markdown, string text)
    {
        var paragraph = Assert.IsType<MarkdownBlock.Paragraph>(Assert.Single(FormattedText.Parse(markdown).Blocks));

        Assert.DoesNotContain(paragraph.Inlines, i => i is MarkdownInline.Link);
        Assert.Equal(text, FormattedText.TextOf(paragraph.Inlines));
    }

    [Fact]
    public void Injection_RendersHarmlesslyOnEveryPlatform()
    {
        var message = Reply(ReplySource.Model) with { Text = GoldenMarkdown.Injection };

        var telegram = TelegramFormatter.Format(FormattedText.Of(message));
        Assert.Equal("<b>hi</b> x @everyone <img src=x onerror=alert(1)>", telegram.Text);
        Assert.Empty(telegram.Entities); // no parse mode is ever sent, so the tags are text

        Assert.Equal("\\<b\\>hi\\</b\\> x @\u200Beveryone \\<img src=x onerror=alert\\(1\\)\\>", DiscordMarkdown.TextOf(message));
        Assert.Equal("&lt;b&gt;hi&lt;/b&gt; x @everyone &lt;img src=x onerror=alert(1)&gt;", BotFrameworkSender.PartsOf(message, 1024)[0]);
        Assert.Equal("&lt;b&gt;hi&lt;/b&gt; x @everyone &lt;img src=x onerror=alert(1)&gt;", SlackMrkdwn.PartsOf(message)[0]);
        Assert.Equal("<b>hi</b> x @everyone <img src=x onerror=alert(1)>", WhatsAppTextOf(message));
    }

    private static string WhatsAppTextOf(OutboundMessage message) => new WhatsAppTextWriter().Write(FormattedText.Of(message)).Text;

    private static string EntityName(MessageEntityType type) => type switch
    {
        MessageEntityType.TextLink => "text_link",
        _ => type.ToString().ToLowerInvariant(),
    };

    internal static OutboundMessage Reply(string source) => new()
    {
        Id = "r1", Conversation = new ConversationRef("x", "b", "1"), Kind = OutboundKind.Final, Text = GoldenMarkdown.Reply, Source = source,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };
}
