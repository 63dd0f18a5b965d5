using System.Security.Cryptography;
using System.Text;

namespace ChatHub.Conversation.Audit;

/// <summary>
/// The key under which an erased hub user's audit tombstones are kept: a hash of the user id, so that the log still
/// shows that (and when) a person was linked and erased, and whoever knows the id can find that record, but the log
/// itself no longer names the id.
/// </summary>
public static class AuditIds
{
    public const string ErasedPrefix = "erased_";

    public static string Erased(string hubUserId)
    {
        ArgumentNullException.ThrowIfNull(hubUserId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("chathub-audit:" + hubUserId), hash);
        return ErasedPrefix + Convert.ToHexStringLower(hash[..16]);
    }
}
