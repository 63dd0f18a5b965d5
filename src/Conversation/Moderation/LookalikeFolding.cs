using System.Globalization;
using System.Text;

namespace ChatHub.Conversation.Moderation;

/// <summary>
/// Folds a character to the plain lower-case letter it imitates: Unicode compatibility forms (fullwidth, math
/// letters, ligatures), accents, Cyrillic and Greek look-alikes, and digits or symbols used as letters ("sp4m",
/// "$pam"). Zero-width and format characters fold to nothing.
/// </summary>
public static class LookalikeFolding
{
    // Digits and symbols used as letters; applied only in the "leetspeak" reading of a text (see WordFilter).
    private static readonly Dictionary<char, char> Symbols = new()
    {
        ['0'] = 'o', ['1'] = 'i', ['3'] = 'e', ['4'] = 'a', ['5'] = 's', ['7'] = 't', ['8'] = 'b', ['9'] = 'g',
        ['@'] = 'a', ['$'] = 's', ['!'] = 'i', ['|'] = 'l', ['€'] = 'e', ['£'] = 'l',
    };

    // Letters of other scripts that look like Latin ones; always applied.
    private static readonly Dictionary<char, char> Confusables = new()
    {
        // Cyrillic
        ['а'] = 'a', ['в'] = 'b', ['е'] = 'e', ['ё'] = 'e', ['к'] = 'k', ['м'] = 'm', ['н'] = 'h', ['о'] = 'o', ['р'] = 'p',
        ['с'] = 'c', ['т'] = 't', ['у'] = 'y', ['х'] = 'x', ['і'] = 'i', ['ј'] = 'j', ['ѕ'] = 's', ['ԁ'] = 'd', ['ԛ'] = 'q', ['ԝ'] = 'w',
        // Greek
        ['α'] = 'a', ['β'] = 'b', ['ε'] = 'e', ['η'] = 'n', ['ι'] = 'i', ['κ'] = 'k', ['ν'] = 'v', ['ο'] = 'o', ['ρ'] = 'p',
        ['τ'] = 't', ['υ'] = 'u', ['χ'] = 'x', ['ω'] = 'w',
    };

    /// <summary>
    /// The folded form of one text element (may be empty, or several letters for a ligature). With
    /// <paramref name="symbolsAsLetters"/>, digits and symbols that imitate letters fold to them too.
    /// </summary>
    public static string Fold(string element, bool symbolsAsLetters)
    {
        ArgumentNullException.ThrowIfNull(element);
        var compatible = SafeNormalize(element, NormalizationForm.FormKD);
        var result = new StringBuilder(compatible.Length);
        foreach (var raw in compatible)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(raw);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
            {
                continue; // accents, zero-width joiners and spaces
            }

            var c = char.ToLowerInvariant(raw);
            if (Confusables.TryGetValue(c, out var plain) || (symbolsAsLetters && Symbols.TryGetValue(c, out plain)))
            {
                c = plain;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    /// <summary>
    /// <see cref="Fold"/> for one ASCII character (a text element of its own): compatibility normalisation leaves it
    /// as it is, no accents or format characters, no look-alikes of other scripts; only case and symbols fold.
    /// </summary>
    public static char FoldAscii(char c, bool symbolsAsLetters)
    {
        c = char.ToLowerInvariant(c);
        return symbolsAsLetters && Symbols.TryGetValue(c, out var plain) ? plain : c;
    }

    /// <summary>True for characters that are part of words after folding (letters and digits).</summary>
    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c);

    private static string SafeNormalize(string text, NormalizationForm form)
    {
        try
        {
            return text.IsNormalized(form) ? text : text.Normalize(form);
        }
        catch (ArgumentException)
        {
            return text; // invalid UTF-16 (a lone surrogate): leave it as it is
        }
    }
}
