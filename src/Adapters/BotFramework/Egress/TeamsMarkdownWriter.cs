using System.Text;
using ChatHub.Adapters.Abstractions.Formatting;

namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// A reply as the Markdown Teams renders in a message (<c>textFormat: markdown</c>): bold, italic, strikethrough, code,
/// lists, quotes and links (<see cref="MarkdownWriter"/>). Teams also renders a subset of HTML in such messages, so
/// <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> in the reply's text become entities (no tag, no <c>&lt;at&gt;</c>
/// mention, can be formed), and Markdown's punctuation gets a backslash (\\, *, _, ~, `, [, ], #, |, and - or + starting
/// a line). A link whose label is not its address is
/// followed by the address.
/// </summary>
internal sealed class TeamsMarkdownWriter : MarkdownWriter
{
    protected override string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length + 16);
        var lineStart = true;
        foreach (var c in text)
        {
            switch (c)
            {
                case '<': result.Append("&lt;"); break;
                case '>': result.Append("&gt;"); break;
                case '&': result.Append("&amp;"); break;
                case '\\' or '*' or '_' or '~' or '`' or '[' or ']' or '#' or '|':
                case '-' or '+' when lineStart:
                    result.Append('\\').Append(c);
                    break;
                default: result.Append(c); break;
            }

            lineStart = c == '\n' || (lineStart && char.IsWhiteSpace(c));
        }

        return result.ToString();
    }

    protected override string Link(string label, string href, bool labelIsAddress)
    {
        var address = href.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal);
        return labelIsAddress ? $"[{Escape(href)}]({address})" : $"[{label}]({address}) ({Escape(href)})";
    }
}
