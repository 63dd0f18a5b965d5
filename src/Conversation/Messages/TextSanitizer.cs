using System.Text;

namespace ChatHub.Conversation.Messages;

/// <summary>
/// Cleans platform text at ingress: control characters (other than line breaks and tabs) and bidirectional
/// override characters (used to disguise text) are removed, CR LF becomes LF, and lone surrogates (invalid UTF-16)
/// become U+FFFD, so nothing downstream (JSON, logs, models, platforms) sees malformed text.
/// </summary>
public static class TextSanitizer
{
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsClean(text))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                clean.Append('\uFFFD');
            }
            else if (c == '\r')
            {
                if (i + 1 >= text.Length || text[i + 1] != '\n')
                {
                    clean.Append('\n');
                }
            }
            else if (!Drop(c))
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }

    private static bool IsClean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c) || c == '\r' || Drop(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Drop(char c) =>
        (char.IsControl(c) && c is not '\n' and not '\t')
        || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
