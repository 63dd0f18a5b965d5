using System.Text;
using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Discord.Egress;

/// <summary>
/// Discord renders every message as Markdown: a model (or a person quoted in a system reply) could post a masked link
/// (<c>[https://bank.example](https://evil.example)</c>), a heading that looks like an announcement, spoilers, or
/// <c>&lt;@id&gt;</c> mentions. So reply text is escaped (a backslash before each character Discord treats as
/// Markdown: it shows the character and drops the backslash), except bare <c>http(s)://</c> URLs, which are kept as
/// they are so that they stay clickable and show their real address. Only the knowledge base's answers (the operator's
/// own Markdown FAQ) are sent as written.
/// </summary>
internal static class DiscordMarkdown
{
    /// <summary>The text to send for <paramref name="message"/>.</summary>
    public static string TextOf(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Source == ReplySource.Knowledge ? message.Text : Escape(message.Text);
    }

    /// <summary>
    /// The messages to send for <paramref name="message"/>: its text (<see cref="TextOf"/>) split by
    /// <see cref="DiscordTextSplitter"/>. A cut never leaves an escaping backslash at the end of one message and the
    /// character it escapes live at the start of the next: such a backslash moves to the next message (escaped text is
    /// split one character short of the limit, so that the next one still fits).
    /// </summary>
    public static IReadOnlyList<string> PartsOf(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Source == ReplySource.Knowledge)
        {
            return DiscordTextSplitter.Split(message.Text);
        }

        var parts = DiscordTextSplitter.Split(Escape(message.Text), DiscordTextSplitter.MaxLength - 1).ToList();
        for (var i = 0; i < parts.Count - 1; i++)
        {
            var part = parts[i];
            var backslashes = part.Length - part.TrimEnd('\\').Length;
            if (backslashes % 2 == 1)
            {
                parts[i] = part[..^1];
                parts[i + 1] = "\\" + parts[i + 1];
            }
        }

        parts.RemoveAll(p => p.Length == 0);
        return parts;
    }

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length + 16);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
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
                || (c is '-' or '+' && lineStart))
            {
                result.Append('\\');
            }

            result.Append(c);
            if (c == '\n')
            {
                lineStart = true;
            }
            else if (!char.IsWhiteSpace(c))
            {
                lineStart = false;
            }
        }

        return result.ToString();
    }

    private static bool IsUrlStart(string text, int i) =>
        (i == 0 || !char.IsLetterOrDigit(text[i - 1]))
        && (text.AsSpan(i).StartsWith("https://", StringComparison.OrdinalIgnoreCase) || text.AsSpan(i).StartsWith("http://", StringComparison.OrdinalIgnoreCase));
}
