using System.Security.Cryptography;
using System.Text;

namespace ChatHub.Adapters.WhatsApp.Ingress;

/// <summary>
/// Meta's webhook signature: <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of the raw body (the bytes
/// as received, before any parsing) keyed with the app secret, compared in constant time.
/// </summary>
internal sealed class WhatsAppSignature
{
    public const string Header = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";

    private readonly byte[] _key;

    public WhatsAppSignature(string appSecret) => _key = Encoding.UTF8.GetBytes(appSecret);

    /// <summary>Whether <paramref name="header"/> is <c>sha256=</c> and the HMAC of <paramref name="body"/>, in hex (either case).</summary>
    public bool IsValid(string? header, ReadOnlySpan<byte> body)
    {
        if (header is null || header.Length != Prefix.Length + 64 || !header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false; // the length of a signature is public: only the value is compared in constant time
        }

        Span<byte> presented = stackalloc byte[32];
        if (Convert.FromHexString(header.AsSpan(Prefix.Length), presented, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(_key, body, expected);
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }

    /// <summary>The header value for <paramref name="body"/> (what Meta sends).</summary>
    public static string Sign(string appSecret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));
}
