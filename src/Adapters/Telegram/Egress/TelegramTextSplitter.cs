using System.Globalization;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>
/// Splits a reply into messages of at most <see cref="MaxLength"/> UTF-16 code units (Telegram's limit), cutting
/// at the most sensible boundary in the second half of each window: a paragraph, a line, a sentence end, a space,
/// and only as a last resort between two grapheme clusters (never inside a surrogate pair or an emoji sequence).
/// Whitespace at the cuts is dropped (Telegram trims it anyway). Splitting is greedy from the start, so the
/// parts of a growing (streamed) text stay stable once the text has moved past them.
/// </summary>
internal static class TelegramTextSplitter
{
    public const int MaxLength = 4096;

    public static IReadOnlyList<string> Split(string text, int maxLength = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var parts = new List<string>();
        var start = 0;
        while (true)
        {
            while (start < text.Length && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            if (start >= text.Length)
            {
                return parts;
            }

            if (text.Length - start <= maxLength)
            {
                parts.Add(text[start..].TrimEnd());
                return parts;
            }

            var cut = FindCut(text, start, maxLength);
            var part = text[start..cut].TrimEnd();
            if (part.Length > 0)
            {
                parts.Add(part);
            }

            start = cut;
        }
    }

    /// <summary>The end (exclusive) of the part starting at <paramref name="start"/>; <c>cut - start ≤ max</c>.</summary>
    private static int FindCut(string text, int start, int max)
    {
        var end = start + max; // a cut here keeps exactly max units; text[end] exists (the rest is longer)
        var min = start + (max / 2);
        var window = text.AsSpan(min, end - min + 1); // candidate cut positions min..end

        if (LastIndex(window, "\n\n") is var paragraph and >= 0)
        {
            return min + paragraph;
        }

        if (window.LastIndexOf('\n') is var line and >= 0)
        {
            return min + line;
        }

        for (var i = end; i > min; i--)
        {
            if (IsSentenceEnd(text, i))
            {
                return i;
            }
        }

        for (var i = end; i >= min; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }

        return GraphemeCut(text, start, end);
    }

    private static int LastIndex(ReadOnlySpan<char> window, string value) => window.LastIndexOf(value.AsSpan());

    /// <summary>A cut before position <paramref name="i"/> ends a sentence: ". " style, or after CJK full stops.</summary>
    private static bool IsSentenceEnd(string text, int i)
    {
        var previous = text[i - 1];
        return (char.IsWhiteSpace(text[i]) && previous is '.' or '!' or '?' or '…' or ';')
            || previous is '。' or '！' or '？' or '；';
    }

    /// <summary>The last grapheme-cluster boundary at or before <paramref name="end"/>.</summary>
    private static int GraphemeCut(string text, int start, int end)
    {
        var position = start;
        while (position < end)
        {
            var length = StringInfo.GetNextTextElementLength(text.AsSpan(position));
            if (position + length > end)
            {
                break;
            }

            position += length;
        }

        if (position > start)
        {
            return position;
        }

        // One "grapheme" longer than the limit (absurd combining sequences): cut, but never inside a surrogate pair.
        return char.IsHighSurrogate(text[end - 1]) ? end - 1 : end;
    }
}
