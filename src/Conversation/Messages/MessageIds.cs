using System.Security.Cryptography;
using System.Text;

namespace ChatHub.Conversation.Messages;

/// <summary>Hub message ids. Inbound ids are derived from the platform's, so a redelivered message gets the same id.</summary>
public static class MessageIds
{
    /// <summary>A deterministic id for an inbound message: the same conversation and platform id give the same hub id.</summary>
    public static string ForInbound(ConversationRef conversation, string platformMessageId)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentException.ThrowIfNullOrEmpty(platformMessageId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(conversation.Key + "\n" + platformMessageId), hash);
        return "in_" + Base64Url(hash[..15]);
    }

    /// <summary>The id of the reply to an inbound message: deterministic too, so a re-processed message replaces, not duplicates.</summary>
    public static string ReplyTo(string inboundId) => "re_" + inboundId.AsSpan(inboundId.StartsWith("in_", StringComparison.Ordinal) ? 3 : 0).ToString();

    /// <summary>A new random id (128 bits), URL-safe.</summary>
    public static string NewId(string prefix)
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return prefix + Base64Url(bytes);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
