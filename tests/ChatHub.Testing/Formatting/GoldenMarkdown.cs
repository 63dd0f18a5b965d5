using ChatHub.Testing.Telegram;

namespace ChatHub.Testing.Formatting;

/// <summary>
/// One Markdown reply with every construct the adapters render (issue 21's golden tests): a heading, bold, italic,
/// inline code, a link, a hard line break, characters that must be escaped, an emoji (a surrogate pair) before an
/// entity (UTF-16 offsets), bulleted and numbered lists, fenced code with a language, and an injection attempt
/// (HTML, a javascript: link, @everyone, a mention).
/// </summary>
public static class GoldenMarkdown
{
    public const string Reply =
        "# Setup\n" +
        "\n" +
        "Use **bold**, *italic* and `code` with [the docs](https://example.org/docs).  \n" +
        "Then 5 < 6 * 2 and a_b @everyone <@123>.\n" +
        "\n" +
        "😀 **after emoji**\n" +
        "\n" +
        "- one\n" +
        "- two\n" +
        "\n" +
        "1. first\n" +
        "2. second\n" +
        "\n" +
        "```html\n" +
        "<script src=\"x.js\"></script>\n" +
        "```\n" +
        "\n" +
        "<b>bold?</b> [x](javascript:alert(1)) https://example.com/a_b";

    /// <summary>The reply as Slack mrkdwn: Slack's entities, a zero-width space after a literal formatting character, no masked link.</summary>
    public const string SlackText =
        "*Setup*\n\nUse *bold*, _italic_ and `code` with the docs (<https://example.org/docs>).\nThen 5 &lt; 6 *\u200B 2 and a_\u200Bb @everyone &lt;@123&gt;.\n\n" +
        "😀 *after emoji*\n\n• one\n• two\n\n1. first\n2. second\n\n```\n&lt;script src=\"x.js\"&gt;&lt;/script&gt;\n```\n\n&lt;b&gt;bold?&lt;/b&gt; x <https://example.com/a_b>";

    /// <summary>The reply in WhatsApp's formatting: a zero-width space after a literal formatting character, addresses shown.</summary>
    public const string WhatsAppText =
        "*Setup*\n\nUse *bold*, _italic_ and `code` with the docs (https://example.org/docs).\nThen 5 < 6 *\u200B 2 and a_\u200Bb @everyone <@123>.\n\n" +
        "😀 *after emoji*\n\n- one\n- two\n\n1. first\n2. second\n\n```\n<script src=\"x.js\"></script>\n```\n\n<b>bold?</b> x https://example.com/a_b";

    /// <summary>The reply's text on Telegram (sent with <see cref="TelegramEntities"/>, never a parse mode).</summary>
    public const string TelegramText =
        "Setup\n\nUse bold, italic and code with the docs (https://example.org/docs).\nThen 5 < 6 * 2 and a_b @everyone <@123>.\n\n" +
        "😀 after emoji\n\n• one\n• two\n\n1. first\n2. second\n\n<script src=\"x.js\"></script>\n\n<b>bold?</b> x https://example.com/a_b";

    /// <summary>The reply's entities on Telegram as the Bot API names them; offsets and lengths in UTF-16 code units.</summary>
    public static IReadOnlyList<SentEntity> TelegramEntities { get; } =
    [
        new("bold", 0, 5),
        new("bold", 11, 4),
        new("italic", 17, 6),
        new("code", 28, 4),
        new("text_link", 38, 8, Url: "https://example.org/docs"),
        new("url", 48, 24),
        new("bold", 120, 11), // after "😀 " at 117: the emoji is two UTF-16 units
        new("pre", 166, 28, Language: "html"),
        new("text_link", 211, 23, Url: "https://example.com/a_b"),
    ];

    /// <summary>The reply on Discord: its Markdown kept, its text escaped, @everyone defused, links showing their address.</summary>
    public const string DiscordText =
        "**Setup**\n\nUse **bold**, *italic* and `code` with the docs (<https://example.org/docs>).\n" +
        "Then 5 \\< 6 \\* 2 and a\\_b @\u200Beveryone \\<@123\\>.\n\n😀 **after emoji**\n\n- one\n- two\n\n1. first\n2. second\n\n" +
        "```html\n<script src=\"x.js\"></script>\n```\n\n\\<b\\>bold?\\</b\\> x <https://example.com/a_b>";

    /// <summary>The reply on Teams (<c>textFormat: markdown</c>): its Markdown kept, tags as entities, punctuation escaped.</summary>
    public const string TeamsText =
        "**Setup**\n\nUse **bold**, *italic* and `code` with [the docs](https://example.org/docs) (https://example.org/docs).\n" +
        "Then 5 &lt; 6 \\* 2 and a\\_b @everyone &lt;@123&gt;.\n\n😀 **after emoji**\n\n- one\n- two\n\n1. first\n2. second\n\n" +
        "```html\n<script src=\"x.js\"></script>\n```\n\n&lt;b&gt;bold?&lt;/b&gt; x [https://example.com/a\\_b](https://example.com/a_b)";

    /// <summary>The same reply's injection attempts alone.</summary>
    public const string Injection = "<b>hi</b> [x](javascript:alert(1)) @everyone <img src=x onerror=alert(1)>";
}
