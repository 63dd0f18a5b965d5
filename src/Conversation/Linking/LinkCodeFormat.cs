using System.Security.Cryptography;
using System.Text;

namespace ChatHub.Conversation.Linking;

/// <summary>
/// Codes look like <c>K7QM-X2PD</c>: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L), typed
/// case-insensitively, with or without the dash: 31⁸ ≈ 8.5 × 10¹¹ codes. A code is stored and found by its
/// <see cref="Selector"/>, a hash of all 8 characters.
/// </summary>
public static class LinkCodeFormat
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int Length = 8;

    /// <summary>A new random code and its selector.</summary>
    public static (string Code, string Selector) Generate()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        var normalized = new string(chars);
        return ($"{normalized[..4]}-{normalized[4..]}", Selector(normalized));
    }

    /// <summary>The selector of a typed code, or false when the text is not shaped like a code.</summary>
    public static bool TryParse(string? text, out string selector)
    {
        selector = "";
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32)
        {
            return false;
        }

        var clean = new StringBuilder(Length);
        foreach (var c in text.Trim())
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (!Alphabet.Contains(upper, StringComparison.Ordinal) || clean.Length == Length)
            {
                return false;
            }

            clean.Append(upper);
        }

        if (clean.Length != Length)
        {
            return false;
        }

        selector = Selector(clean.ToString());
        return true;
    }

    /// <summary>The hex SHA-256 of the 8 upper-case characters (without the dash).</summary>
    private static string Selector(string normalized) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("chathub-link:" + normalized)));
}
