using System.Text;

namespace ChatHub.Inference;

internal static class UnicodeText
{
    /// <summary>
    /// NFKC normalization that tolerates malformed UTF-16 from the outside world: unpaired surrogates (which make
    /// <see cref="string.Normalize(NormalizationForm)"/> throw) become U+FFFD first.
    /// </summary>
    public static string ToNfkc(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return (HasUnpairedSurrogate(text) ? ReplaceUnpairedSurrogates(text) : text).Normalize(NormalizationForm.FormKC);
    }

    private static bool HasUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static string ReplaceUnpairedSurrogates(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text, i, 2);
                i++;
            }
            else
            {
                builder.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }

        return builder.ToString();
    }
}
