using System.Security.Cryptography;
using System.Text;

namespace ChatHub.Conversation.Linking;

/// <summary>
/// Codes look like <c>K7QM-X2PD</c>: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
/// typed case-insensitively, with or without the dash. The first half selects, the second verifies.
/// </summary>
public static class LinkCodeFormat
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private const int Half = 4;

    public static (string Code, string Selector, string Verifier) Generate()
    {
        var selector = RandomString();
        var verifier = RandomString();
        return ($"{selector}-{verifier}", selector, verifier);
    }

    public static bool TryParse(string? text, out string selector, out string verifier)
    {
        selector = verifier = "";
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32)
        {
            return false;
        }

        var clean = new StringBuilder(Half * 2);
        foreach (var c in text.Trim())
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (!Alphabet.Contains(upper, StringComparison.Ordinal))
            {
                return false;
            }

            clean.Append(upper);
        }

        if (clean.Length != Half * 2)
        {
            return false;
        }

        selector = clean.ToString(0, Half);
        verifier = clean.ToString(Half, Half);
        return true;
    }

    public static string Hash(string verifier) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    public static bool Verify(string verifier, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(verifier)), Encoding.ASCII.GetBytes(hash));

    private static string RandomString()
    {
        Span<char> chars = stackalloc char[Half];
        for (var i = 0; i < Half; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }
}
