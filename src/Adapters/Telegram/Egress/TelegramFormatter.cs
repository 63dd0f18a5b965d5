using System.Text;
using ChatHub.Adapters.Abstractions.Formatting;
using Telegram.Bot.Types.Enums;
using Block = ChatHub.Adapters.Abstractions.Formatting.MarkdownBlock;
using Inline = ChatHub.Adapters.Abstractions.Formatting.MarkdownInline;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>
/// A <see cref="FormattedText"/> as Telegram text plus message entities: bold, italic, strikethrough, code, pre (with
/// the fence's language), blockquote and text links; headings bold; list items as "• " or "1. " lines; a rule as a
/// line of dashes. Nothing is ever sent with a parse mode, so every character of the reply is shown as written and
/// cannot open an entity of its own. A link whose label is not its address is followed by the address. Telegram's
/// nesting rules hold: a blockquote is never inside another (an inner quote is plain), and a link never contains a
/// code entity (code in a label is plain text); bold, italic and strikethrough may contain anything.
/// </summary>
internal static class TelegramFormatter
{
    private const string Bullet = "• ";
    private const string Indent = "   ";

    public static TelegramText Format(FormattedText formatted)
    {
        ArgumentNullException.ThrowIfNull(formatted);
        var writer = new Writer();
        writer.Blocks(formatted.Blocks, "", "\n\n");
        return writer.Build();
    }

    private sealed class Writer
    {
        private readonly StringBuilder _text = new();
        private readonly List<TelegramEntity> _entities = [];
        private bool _inQuote;
        private bool _inLink;

        public TelegramText Build()
        {
            // Trailing whitespace is trimmed (as Telegram does); entities are clipped to what is left.
            var length = _text.ToString().TrimEnd().Length;
            var entities = _entities
                .Select(e => e with { Length = Math.Min(e.End, length) - e.Offset })
                .Where(e => e.Length > 0)
                .OrderBy(e => e.Offset).ThenByDescending(e => e.Length)
                .ToList();
            return new TelegramText(_text.ToString(0, length), entities);
        }

        public void Blocks(IReadOnlyList<Block> blocks, string indent, string separator)
        {
            for (var i = 0; i < blocks.Count; i++)
            {
                if (i > 0)
                {
                    _text.Append(separator).Append(indent);
                }

                Write(blocks[i], indent);
            }
        }

        private void Write(Block block, string indent)
        {
            switch (block)
            {
                case Block.Paragraph p:
                    Inlines(p.Inlines, indent);
                    break;
                case Block.Heading h:
                    Wrap(MessageEntityType.Bold, () => Inlines(h.Inlines, indent));
                    break;
                case Block.CodeBlock c:
                    var code = c.Code.TrimEnd('\n');
                    Wrap(MessageEntityType.Pre, () => _text.Append(code.Length == 0 ? " " : code), language: c.Language);
                    break;
                case Block.ItemList list:
                    for (var i = 0; i < list.Items.Count; i++)
                    {
                        if (i > 0)
                        {
                            _text.Append('\n').Append(indent);
                        }

                        var marker = list.Ordered ? $"{list.Start + i}. " : Bullet;
                        _text.Append(marker);
                        Blocks(list.Items[i], indent + Indent, "\n");
                    }

                    break;
                case Block.Quote q when _inQuote:
                    Blocks(q.Blocks, indent, "\n"); // blockquotes cannot be nested
                    break;
                case Block.Quote q:
                    _inQuote = true;
                    Wrap(MessageEntityType.Blockquote, () => Blocks(q.Blocks, indent, "\n"));
                    _inQuote = false;
                    break;
                case Block.Rule:
                    _text.Append("———");
                    break;
            }
        }

        private void Inlines(IReadOnlyList<Inline> inlines, string indent)
        {
            foreach (var inline in inlines)
            {
                switch (inline)
                {
                    case Inline.Text t:
                        _text.Append(t.Value);
                        break;
                    case Inline.LineBreak:
                        _text.Append('\n').Append(indent);
                        break;
                    case Inline.Code c when _inLink:
                        _text.Append(c.Value); // a link cannot contain a code entity
                        break;
                    case Inline.Code c:
                        Wrap(MessageEntityType.Code, () => _text.Append(c.Value));
                        break;
                    case Inline.Strong s:
                        Wrap(MessageEntityType.Bold, () => Inlines(s.Inlines, indent));
                        break;
                    case Inline.Emphasis e:
                        Wrap(MessageEntityType.Italic, () => Inlines(e.Inlines, indent));
                        break;
                    case Inline.Strikethrough s:
                        Wrap(MessageEntityType.Strikethrough, () => Inlines(s.Inlines, indent));
                        break;
                    case Inline.Link l:
                        _inLink = true;
                        Wrap(MessageEntityType.TextLink, () => Inlines(l.Inlines, indent), url: l.Href);
                        _inLink = false;
                        if (!FormattedText.ShowsAddress(FormattedText.TextOf(l.Inlines), l.Href))
                        {
                            _text.Append(" (");
                            Wrap(MessageEntityType.Url, () => _text.Append(l.Href));
                            _text.Append(')');
                        }

                        break;
                }
            }
        }

        private void Wrap(MessageEntityType type, Action content, string? url = null, string? language = null)
        {
            var start = _text.Length;
            content();
            if (_text.Length > start)
            {
                _entities.Add(new TelegramEntity(type, start, _text.Length - start, url, language));
            }
        }
    }
}
