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

    /// <summary>The same reply's injection attempts alone.</summary>
    public const string Injection = "<b>hi</b> [x](javascript:alert(1)) @everyone <img src=x onerror=alert(1)>";
}
