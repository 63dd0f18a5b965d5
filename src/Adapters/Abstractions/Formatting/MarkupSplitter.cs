using ChatHub.Adapters.Telegram.Egress;

namespace ChatHub.Adapters.Abstractions.Formatting;

/// <summary>
/// Splits rendered Markdown (<see cref="MarkupText"/>) into messages of at most <c>maxLength</c> UTF-16 units with the
/// platform-neutral cutting rules of <see cref="TelegramTextSplitter"/>, preferring a cut outside every construct and
/// never between an escaping backslash and what it escapes. A construct that must be cut (a long code block) is closed
/// at the end of one message and opened again at the start of the next (<c>```lang</c> again), so no message has an
/// unclosed fence or emphasis. Whitespace at a cut is dropped, except the indentation of the line that starts the
/// next message.
/// </summary>
internal static class MarkupSplitter
{
    public static IReadOnlyList<string> Split(MarkupText markup, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(markup);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 64);
        var text = markup.Text;
        var spans = markup.Spans;
        var parts = new List<string>();
        var reopen = "";
        var start = SkipCut(text, 0, spans);
        while (start < text.Length)
        {
            var budget = maxLength - reopen.Length;
            string part;
            int next;
            while (true)
            {
                var end = text.Length - start <= budget ? text.Length : Cut(text, start, budget, spans);
                var closing = string.Concat(Containing(spans, end).OrderByDescending(s => s.ContentStart).Select(s => s.Close));
                part = reopen + text[start..end].TrimEnd() + closing;
                if (part.Length <= maxLength || budget <= 16)
                {
                    reopen = string.Concat(Containing(spans, end).OrderBy(s => s.ContentStart).Select(s => s.Open));
                    next = end;
                    break;
                }

                budget -= part.Length - maxLength; // the closing delimiters did not fit: make room for them
            }

            if (part.Trim().Length > 0)
            {
                parts.Add(part);
            }

            start = SkipCut(text, next, spans);
        }

        return parts;
    }

    /// <summary>A cut for the part starting at <paramref name="start"/>, moved out of delimiters and escapes.</summary>
    private static int Cut(string text, int start, int budget, IReadOnlyList<MarkupSpan> spans)
    {
        var cut = TelegramTextSplitter.FindCut(
            text,
            start,
            budget,
            c => !Escaped(text, c) && !spans.Any(s => s.OuterStart < c && c < s.OuterEnd), // outside every construct
            c => !Escaped(text, c) && !spans.Any(s => InDelimiter(s, c))); // else inside one's content (it is closed and reopened)
        for (var moved = true; moved;)
        {
            moved = false;
            foreach (var span in spans)
            {
                // Inside a delimiter (or before any content, or after all of it): cut before the construct.
                if (InDelimiter(span, cut))
                {
                    cut = span.OuterStart;
                    moved = true;
                }
            }

            while (cut > start + 1 && Escaped(text, cut))
            {
                cut--;
                moved = true;
            }
        }

        return cut > start ? cut : TelegramTextSplitter.GraphemeCut(text, start, start + budget);
    }

    private static bool InDelimiter(MarkupSpan span, int cut) =>
        (span.OuterStart < cut && cut <= span.ContentStart) || (span.ContentEnd <= cut && cut < span.OuterEnd);

    private static IEnumerable<MarkupSpan> Containing(IReadOnlyList<MarkupSpan> spans, int cut) =>
        spans.Where(s => s.ContentStart < cut && cut < s.ContentEnd);

    /// <summary>True when the text before <paramref name="cut"/> ends in an odd number of backslashes (an escape).</summary>
    private static bool Escaped(string text, int cut)
    {
        var count = 0;
        for (var i = cut - 1; i >= 0 && text[i] == '\\'; i--)
        {
            count++;
        }

        return count % 2 == 1;
    }

    /// <summary>Skips the whitespace at a cut, keeping the indentation after its last line break (code stays indented).</summary>
    private static int SkipCut(string text, int position, IReadOnlyList<MarkupSpan> spans)
    {
        var lineStart = -1;
        var i = position;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            if (text[i] == '\n')
            {
                lineStart = i + 1;
            }

            i++;
        }

        return i >= text.Length || lineStart < 0 || !Containing(spans, lineStart).Any() ? i : lineStart;
    }
}
