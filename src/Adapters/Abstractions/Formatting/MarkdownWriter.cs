using System.Text;
using Block = ChatHub.Adapters.Abstractions.Formatting.MarkdownBlock;
using Inline = ChatHub.Adapters.Abstractions.Formatting.MarkdownInline;

namespace ChatHub.Adapters.Abstractions.Formatting;

/// <summary>
/// Writes a <see cref="FormattedText"/> back as the Markdown of a platform that renders Markdown (Discord, Teams; Slack's
/// mrkdwn and WhatsApp's formatting by their own delimiters):
/// bold, italic, strikethrough, inline code, fenced code with its language, "- " and "1. " lists, "> " quotes;
/// headings as bold lines (no platform-sized announcements), a rule as a line of dashes. Every piece of text goes
/// through <see cref="Escape"/>, so the reply's own characters are never markup; links through <see cref="Link"/>.
/// Records each construct (<see cref="MarkupSpan"/>) so that <see cref="MarkupSplitter"/> can close and reopen it.
/// </summary>
internal abstract class MarkdownWriter
{
    private readonly StringBuilder _text = new();
    private readonly List<MarkupSpan> _spans = [];

    public MarkupText Write(FormattedText formatted)
    {
        ArgumentNullException.ThrowIfNull(formatted);
        _text.Clear();
        _spans.Clear();
        Blocks(formatted.Blocks, "", "\n\n");
        var length = _text.ToString().TrimEnd().Length;
        return new MarkupText(_text.ToString(0, length), _spans.Where(s => s.OuterEnd <= length).ToList());
    }

    /// <summary>Plain text made literal in the platform's Markdown.</summary>
    protected abstract string Escape(string text);

    /// <summary>A link: its label (already written Markdown), its http(s) address, and whether the label is the address.</summary>
    protected abstract string Link(string label, string href, bool labelIsAddress);

    /// <summary>The delimiters of bold (also headings), italic and strikethrough.</summary>
    protected virtual (string Strong, string Emphasis, string Strike) Delimiters => ("**", "*", "~~");

    /// <summary>What opens a code block (the platform may not take a language).</summary>
    protected virtual string FenceOpen(string? language) => $"```{language}\n";

    /// <summary>The marker of an unordered list's item.</summary>
    protected virtual string Bullet => "- ";

    /// <summary>
    /// Text for a platform whose formatting characters have no escape (Slack, WhatsApp): a zero-width space after each
    /// <c>*</c>, <c>_</c>, <c>~</c> and <c>`</c> keeps it from opening or closing formatting; the text reads the same.
    /// </summary>
    protected static string Defused(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny("*_~`") < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            result.Append(c);
            if (c is '*' or '_' or '~' or '`')
            {
                result.Append('\u200B');
            }
        }

        return result.ToString();
    }

    /// <summary>Code's characters as the platform must receive them even inside code (Slack: its three entities).</summary>
    protected virtual string InCode(string code) => code;

    /// <summary>Code as it may appear between fences (a fence inside it must not end the block).</summary>
    protected virtual string FencedCode(string code) => code.Replace("```", "`\u200B``", StringComparison.Ordinal);

    private void Blocks(IReadOnlyList<Block> blocks, string prefix, string separator)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            if (i > 0)
            {
                NewLine(prefix);
                if (separator.Length > 1)
                {
                    NewLine(prefix);
                }
            }

            WriteBlock(blocks[i], prefix);
        }
    }

    private void NewLine(string prefix) => _text.Append('\n').Append(prefix);

    private void WriteBlock(Block block, string prefix)
    {
        switch (block)
        {
            case Block.Paragraph p:
                Inlines(p.Inlines, prefix);
                break;
            case Block.Heading h:
                Wrap(Delimiters.Strong, Delimiters.Strong, () => Inlines(h.Inlines, prefix));
                break;
            case Block.CodeBlock c:
                var code = FencedCode(InCode(c.Code.TrimEnd('\n'))).Replace("\n", "\n" + prefix, StringComparison.Ordinal);
                Wrap(FenceOpen(c.Language), "\n" + prefix + "```", () => _text.Append(code.Length == 0 ? " " : code));
                break;
            case Block.ItemList list:
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        NewLine(prefix);
                    }

                    var marker = list.Ordered ? $"{list.Start + i}. " : Bullet;
                    _text.Append(marker);
                    Blocks(list.Items[i], prefix + new string(' ', marker.Length), "\n");
                }

                break;
            case Block.Quote q:
                _text.Append("> ");
                Blocks(q.Blocks, prefix + "> ", "\n");
                break;
            case Block.Rule:
                _text.Append("———");
                break;
        }
    }

    private void Inlines(IReadOnlyList<Inline> inlines, string prefix)
    {
        foreach (var inline in inlines)
        {
            switch (inline)
            {
                case Inline.Text t:
                    _text.Append(Escape(t.Value));
                    break;
                case Inline.LineBreak:
                    NewLine(prefix);
                    break;
                case Inline.Code c:
                    var value = InCode(c.Value.ReplaceLineEndings(" "));
                    var ticks = value.Contains('`', StringComparison.Ordinal) ? "`` " : "`";
                    Wrap(ticks, new string(ticks.Reverse().ToArray()), () => _text.Append(value.Replace("``", "`\u200B`", StringComparison.Ordinal)));
                    break;
                case Inline.Strong s:
                    Wrap(Delimiters.Strong, Delimiters.Strong, () => Inlines(s.Inlines, prefix));
                    break;
                case Inline.Emphasis e:
                    Wrap(Delimiters.Emphasis, Delimiters.Emphasis, () => Inlines(e.Inlines, prefix));
                    break;
                case Inline.Strikethrough s:
                    Wrap(Delimiters.Strike, Delimiters.Strike, () => Inlines(s.Inlines, prefix));
                    break;
                case Inline.Link l:
                    var outer = _text.Length;
                    Inlines(l.Inlines, prefix); // the label, written like any text, then taken back out
                    var label = _text.ToString(outer, _text.Length - outer);
                    _text.Length = outer;
                    _spans.RemoveAll(s => s.OuterStart >= outer); // a link is written whole; it is never cut
                    var link = Link(label, l.Href, FormattedText.ShowsAddress(FormattedText.TextOf(l.Inlines), l.Href));
                    _text.Append(link);
                    _spans.Add(new MarkupSpan(outer, outer + link.Length, "", "")); // a cut avoids it
                    break;
            }
        }
    }

    private void Wrap(string open, string close, Action content)
    {
        var outer = _text.Length;
        _text.Append(open);
        var start = _text.Length;
        content();
        if (_text.Length == start)
        {
            _text.Length = outer; // nothing inside: no "****"
            return;
        }

        _spans.Add(new MarkupSpan(start, _text.Length, open, close));
        _text.Append(close);
    }
}
