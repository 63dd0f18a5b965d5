using ChatHub.Conversation.Messages;
using Block = ChatHub.Adapters.Abstractions.Formatting.MarkdownBlock;

namespace ChatHub.Adapters.Abstractions.Formatting;

/// <summary>
/// A reply as words to speak: the text of paragraphs, headings, list items and quotes, each its own sentence; a link is
/// its label, and a bare address is not read out; formatting is dropped, code blocks and rules are left out (they are in
/// the text reply), line breaks are spaces. Cut to a limit at the last sentence that fits (else the last word).
/// </summary>
public static class SpokenTextWriter
{
    /// <summary>The words of <paramref name="message"/>'s <see cref="OutboundMessage.SpokenText"/> (Markdown for answers), at most <paramref name="maxCharacters"/>.</summary>
    public static string Write(OutboundMessage message, int maxCharacters)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.SpokenText ?? "";
        return Write(FormattedText.IsMarkdown(message) ? FormattedText.Parse(text) : FormattedText.Plain(text), maxCharacters);
    }

    public static string Write(FormattedText formatted, int maxCharacters)
    {
        ArgumentNullException.ThrowIfNull(formatted);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCharacters, 1);
        var sentences = new List<string>();
        Collect(formatted.Blocks, sentences);
        return Cut(string.Join(' ', sentences), maxCharacters);
    }

    private static void Collect(IEnumerable<Block> blocks, List<string> sentences)
    {
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Block.Paragraph p: Add(Words(p.Inlines), sentences); break;
                case Block.Heading h: Add(Words(h.Inlines), sentences); break;
                case Block.ItemList list:
                    foreach (var item in list.Items)
                    {
                        Collect(item, sentences);
                    }

                    break;
                case Block.Quote q: Collect(q.Blocks, sentences); break;
                    // A code block or a rule is not for reading out: it is in the text reply.
            }
        }
    }

    /// <summary>The text of <paramref name="inlines"/>, without the links that are only their address.</summary>
    private static string Words(IEnumerable<MarkdownInline> inlines) => FormattedText.TextOf(inlines.Where(inline =>
        inline is not MarkdownInline.Link link || !FormattedText.ShowsAddress(FormattedText.TextOf(link.Inlines), link.Href)));

    /// <summary>One sentence: whitespace (line breaks too) as single spaces, ending in punctuation so that the voice pauses.</summary>
    private static void Add(string text, List<string> sentences)
    {
        var words = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (words.Length == 0)
        {
            return;
        }

        sentences.Add(char.IsPunctuation(words[^1]) ? words : words + ".");
    }

    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var head = text.AsSpan(0, max + 1); // the character after the limit says whether a word or sentence ends there
        for (var i = max - 1; i > 0; i--)
        {
            if (head[i] is '.' or '!' or '?' or '…' && char.IsWhiteSpace(head[i + 1]))
            {
                return text[..(i + 1)];
            }
        }

        var space = head.LastIndexOf(' ');
        return space > 0 ? text[..space].TrimEnd() : text[..max];
    }
}
