using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ChatHub.Adapters.Slack.Ingress;

/// <summary>
/// Slack's request signing (api.slack.com/authentication/verifying-requests-from-slack): <c>X-Slack-Signature</c> is
/// <c>v0=</c> and the lower-case hex HMAC-SHA256, keyed with the signing secret, of <c>v0:{X-Slack-Request-Timestamp}:{raw body}</c>.
/// The timestamp (Unix seconds) must be within <see cref="SlackOptions.MaxClockSkew"/> of now, either way, so a
/// captured request cannot be replayed later. The comparison is constant-time over the decoded bytes.
/// </summary>
internal sealed class SlackSignature
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    private const string Version = "v0";

    private readonly byte[] _key;

    public SlackSignature(string signingSecret) => _key = Encoding.UTF8.GetBytes(signingSecret);

    /// <summary>Null when the request is authentic; otherwise why not (for the 401's detail and the log).</summary>
    public string? Check(string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan maxSkew)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return $"missing {(string.IsNullOrEmpty(timestamp) ? TimestampHeader : SignatureHeader)} header";
        }

        if (timestamp.Length > 12 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return $"{TimestampHeader} is not a Unix time in seconds";
        }

        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > (long)maxSkew.TotalSeconds)
        {
            return $"{TimestampHeader} is more than {maxSkew.TotalMinutes:0.#} minutes from now (a stale or replayed request)";
        }

        if (!signature.StartsWith(Version + "=", StringComparison.Ordinal) || signature.Length != Version.Length + 1 + 64)
        {
            return $"{SignatureHeader} is not v0= and 64 hexadecimal characters";
        }

        Span<byte> presented = stackalloc byte[32];
        if (Convert.FromHexString(signature.AsSpan(Version.Length + 1), presented, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            return $"{SignatureHeader} is not v0= and 64 hexadecimal characters";
        }

        Span<byte> expected = stackalloc byte[32];
        Compute(timestamp, body, expected);
        return CryptographicOperations.FixedTimeEquals(presented, expected) ? null : $"{SignatureHeader} does not match the body (wrong signing secret, or the body was changed)";
    }

    /// <summary>The signature Slack would send: <c>v0=</c> and the hex HMAC (also what test senders use).</summary>
    public string Sign(string timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> mac = stackalloc byte[32];
        Compute(timestamp, body, mac);
        return Version + "=" + Convert.ToHexStringLower(mac);
    }

    private void Compute(string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var prefix = Encoding.UTF8.GetBytes($"{Version}:{timestamp}:");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }
}
