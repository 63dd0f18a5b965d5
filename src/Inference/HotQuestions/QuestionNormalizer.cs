using System.Globalization;
using System.Text;

namespace ChatHub.Inference.HotQuestions;

/// <summary>
/// The hot-question cache key of a question: NFKC, invariant lowercase, whitespace runs collapsed to one space,
/// invisible format characters dropped, punctuation (except <c>#%&amp;*@</c>) stripped from both ends. "What is ChatHub?" and
/// "  what is chathub " give the same key; punctuation inside ("what's") is kept.
/// </summary>
public static class QuestionNormalizer
{
    public static string Normalize(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var text = UnicodeText.ToNfkc(question).ToLowerInvariant();
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control)
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        var span = builder.ToString().AsSpan();
        var start = 0;
        var end = span.Length;
        while (start < end && IsTrimmable(span[start]))
        {
            start++;
        }

        while (end > start && IsTrimmable(span[end - 1]))
        {
            end--;
        }

        return span[start..end].ToString();
    }

    // '#', '%', '&', '*' and '@' are punctuation to Unicode but carry meaning at a word's edge ("c#", "100%").
    private static bool IsTrimmable(char c) =>
        char.IsWhiteSpace(c) || (char.IsPunctuation(c) && c is not ('#' or '%' or '&' or '*' or '@'));
}
