using System.Text;
using ChatHub.Adapters.Abstractions.Formatting;
using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Discord.Egress;

/// <summary>
/// Discord renders every message as Markdown, so a reply goes out as Discord Markdown written from its parsed form
/// (<see cref="FormattedText"/>, <see cref="DiscordMarkdownWriter"/>): the reply's formatting is kept (bold, italic,
/// code, fenced code with its language, lists, quotes), and every character of its text is escaped (a backslash before
/// each character Discord treats as Markdown: it shows the character and drops the backslash), so a model (or a person
/// quoted in a system reply) cannot post a masked link (<c>[https://bank.example](https://evil.example)</c>), a
/// heading that looks like an announcement, spoilers or <c>&lt;@id&gt;</c> mentions; <c>@everyone</c> and
/// <c>@here</c> get a zero-width space after the <c>@</c> (and <c>allowed_mentions</c> is empty anyway). Bare
/// <c>http(s)://</c> URLs in plain text are kept as they are so that they stay clickable and show their real address.
/// </summary>
internal static class DiscordMarkdown
{
    private const char ZeroWidthSpace = '\u200B';

    /// <summary>The text to send for <paramref name="message"/>, whole.</summary>
    public static string TextOf(OutboundMessage message) => WriterFor(message).Text;

    /// <summary>
    /// The messages to send for <paramref name="message"/>: its text (<see cref="TextOf"/>) split at
    /// <see cref="DiscordTextSplitter.MaxLength"/> by <see cref="MarkupSplitter"/>: a cut never leaves an escaping
    /// backslash at the end of one message and the character it escapes live at the start of the next, and a code
    /// block (or bold run) that must be cut is closed and opened again (<c>```lang</c>) in the next message.
    /// </summary>
    public static IReadOnlyList<string> PartsOf(OutboundMessage message) =>
        MarkupSplitter.Split(WriterFor(message), DiscordTextSplitter.MaxLength);

    private static MarkupText WriterFor(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new DiscordMarkdownWriter().Write(FormattedText.Of(message));
    }

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length + 16);
        var lineStart = true;
        var digitsOnly = false; // the line so far is a number: "1." would start a list
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '@' && (text.AsSpan(i + 1).StartsWith("everyone", StringComparison.Ordinal) || text.AsSpan(i + 1).StartsWith("here", StringComparison.Ordinal)))
            {
                result.Append('@').Append(ZeroWidthSpace);
                lineStart = digitsOnly = false;
                continue;
            }

            if (IsUrlStart(text, i))
            {
                var end = i;
                // A URL ends at whitespace, and at the brackets of Markdown's link syntax, which are escaped like any other.
                while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('<' or '>' or '[' or ']'))
                {
                    end++;
                }

                result.Append(text, i, end - i);
                i = end - 1;
                lineStart = false;
                continue;
            }

            if (c is '\\' or '*' or '_' or '~' or '`' or '|' or '[' or ']' or '(' or ')' or '<' or '>' or '#'
                || (c is '-' or '+' && lineStart)
                || (c is '.' or ')' && digitsOnly))
            {
                result.Append('\\');
            }

            result.Append(c);
            if (c == '\n')
            {
                lineStart = true;
                digitsOnly = false;
            }
            else if (!char.IsWhiteSpace(c))
            {
                digitsOnly = char.IsAsciiDigit(c) && (lineStart || digitsOnly);
                lineStart = false;
            }
        }

        return result.ToString();
    }

    private static bool IsUrlStart(string text, int i) =>
        (i == 0 || !char.IsLetterOrDigit(text[i - 1]))
        && (text.AsSpan(i).StartsWith("https://", StringComparison.OrdinalIgnoreCase) || text.AsSpan(i).StartsWith("http://", StringComparison.OrdinalIgnoreCase));
}
