using System.Globalization;
using System.Text;

namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// Splits a reply into messages of at most <c>maxBytes</c> UTF-8 bytes each (Teams' limit is about 28 KB per message,
/// counted in bytes, including markup). Each cut is at the last paragraph break, else line break, else end of a
/// sentence, else space in the second half of the window; failing those between two grapheme clusters, never
/// inside a surrogate pair or an emoji sequence. Whitespace at the cuts is dropped.
/// </summary>
internal static class BotFrameworkTextSplitter
{
    public static IReadOnlyList<string> Split(string text, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 16);
        var parts = new List<string>();
        var start = SkipWhitespace(text, 0);
        while (start < text.Length)
        {
            var end = FitEnd(text, start, maxBytes);
            if (end == text.Length)
            {
                Add(parts, text[start..]);
                break;
            }

            var cut = FindCut(text, start, end);
            Add(parts, text[start..cut]);
            start = SkipWhitespace(text, cut);
        }

        return parts;
    }

    /// <summary>The largest end (exclusive) such that <c>text[start..end]</c> fits in <paramref name="maxBytes"/>, never splitting a surrogate pair.</summary>
    internal static int FitEnd(string text, int start, int maxBytes)
    {
        var bytes = 0;
        var i = start;
        while (i < text.Length)
        {
            var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var size = pair ? 4 : text[i] switch { < '\u0080' => 1, < '\u0800' => 2, _ => 3 };
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            i += pair ? 2 : 1;
        }

        return i;
    }

    private static int FindCut(string text, int start, int end)
    {
        var min = start + ((end - start) / 2);
        var window = text.AsSpan(min, end - min);
        if (window.LastIndexOf("\n\n".AsSpan()) is var paragraph and > 0)
        {
            return min + paragraph;
        }

        if (window.LastIndexOf('\n') is var line and > 0)
        {
            return min + line;
        }

        for (var i = end; i > min; i--)
        {
            if (i < text.Length && char.IsWhiteSpace(text[i]) && text[i - 1] is '.' or '!' or '?' or '…' or ';')
            {
                return i;
            }

            if (text[i - 1] is '。' or '！' or '？' or '；')
            {
                return i;
            }
        }

        for (var i = end; i > min; i--)
        {
            if (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }

        return GraphemeCut(text, start, end);
    }

    /// <summary>The last grapheme-cluster boundary at or before <paramref name="end"/> (which is itself never inside a pair).</summary>
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

        return position > start ? position : end; // one cluster longer than the limit: cut at the code point
    }

    private static int SkipWhitespace(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            index++;
        }

        return index;
    }

    private static void Add(List<string> parts, string part)
    {
        var trimmed = part.TrimEnd();
        if (trimmed.Length > 0)
        {
            parts.Add(trimmed);
        }
    }

    /// <summary>UTF-8 length, for tests and diagnostics.</summary>
    internal static int ByteCount(string text) => Encoding.UTF8.GetByteCount(text);
}
