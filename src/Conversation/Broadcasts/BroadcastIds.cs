using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Broadcasts;

/// <summary>
/// Broadcast ids (<c>bc</c> + 20 hex digits), recipient keys (a hash of the hub user) and the deterministic id of each
/// delivery: <c>bc_{broadcast}_{run}_{recipient key}_{route hash}</c>. The same broadcast, run, person and route give
/// the same id however often it is queued, so egress's ledger (<c>egress:{id}</c>) sends it once.
/// </summary>
public static class BroadcastIds
{
    public const string MessagePrefix = "bc_";

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdef");

    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        return "bc" + Convert.ToHexStringLower(bytes);
    }

    /// <summary>True for an id that <see cref="NewId"/> could have made (path values are checked before any store call).</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: 22 } && id.StartsWith("bc", StringComparison.Ordinal) && !id.AsSpan(2).ContainsAnyExcept(HexDigits);

    public static string RecipientKey(string hubUserId) => Hash(hubUserId, 20);

    public static string MessageId(string broadcastId, int run, string recipientKey, ConversationRef conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return string.Create(CultureInfo.InvariantCulture, $"{MessagePrefix}{broadcastId}_{run}_{recipientKey}_{Hash(conversation.Key, 8)}");
    }

    /// <summary>Reads a delivery id back; false for any other message id.</summary>
    public static bool TryParseMessageId(string messageId, out string broadcastId, out int run, out string recipientKey)
    {
        broadcastId = recipientKey = "";
        run = 0;
        if (!messageId.StartsWith(MessagePrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = messageId.Split('_');
        if (parts.Length != 5 || !IsWellFormed(parts[1]) || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out run))
        {
            return false;
        }

        broadcastId = parts[1];
        recipientKey = parts[3];
        return true;
    }

    private static string Hash(string value, int hexDigits)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        return Convert.ToHexStringLower(hash[..(hexDigits / 2)]);
    }
}
