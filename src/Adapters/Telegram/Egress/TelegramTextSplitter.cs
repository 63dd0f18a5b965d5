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

    /// <summary>
    /// The end (exclusive) of the part starting at <paramref name="start"/>; <c>cut - start ≤ max</c>. A cut that
    /// the first of <paramref name="preferences"/> accepts (e.g. one outside every formatting entity) wins over a
    /// better boundary it refuses, then the second's, and so on; failing all, the usual rules apply.
    /// </summary>
    internal static int FindCut(string text, int start, int max, params ReadOnlySpan<Func<int, bool>> preferences)
    {
        var end = start + max; // a cut here keeps exactly max units; text[end] exists (the rest is longer)
        var min = start + (max / 2);
        foreach (var preferred in preferences)
        {
            if (BoundaryCut(text, min, end, preferred) is var wanted and >= 0)
            {
                return wanted;
            }
        }

        return BoundaryCut(text, min, end, static _ => true) is var cut and >= 0 ? cut : GraphemeCut(text, start, end);
    }

    /// <summary>The last paragraph break, else line break, else sentence end, else space in <c>min..end</c> that <paramref name="allowed"/> accepts; -1 if none.</summary>
    private static int BoundaryCut(string text, int min, int end, Func<int, bool> allowed)
    {
        for (var i = end - 1; i >= min; i--)
        {
            if (text[i] == '\n' && text[i + 1] == '\n' && allowed(i))
            {
                return i;
            }
        }

        for (var i = end; i >= min; i--)
        {
            if (text[i] == '\n' && allowed(i))
            {
                return i;
            }
        }

        for (var i = end; i > min; i--)
        {
            if (IsSentenceEnd(text, i) && allowed(i))
            {
                return i;
            }
        }

        for (var i = end; i >= min; i--)
        {
            if (char.IsWhiteSpace(text[i]) && allowed(i))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A cut before position <paramref name="i"/> ends a sentence: ". " style, or after CJK full stops.</summary>
    private static bool IsSentenceEnd(string text, int i)
    {
        var previous = text[i - 1];
        return (char.IsWhiteSpace(text[i]) && previous is '.' or '!' or '?' or '…' or ';')
            || previous is '。' or '！' or '？' or '；';
    }

    /// <summary>The last grapheme-cluster boundary at or before <paramref name="end"/>.</summary>
    internal static int GraphemeCut(string text, int start, int end)
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
