using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatHub.Conversation.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WebChat;

/// <summary>
/// Conversation tokens, so a browser can resume only a conversation this hub issued to it:
/// <c>v2.{kid}.{conversationId}.{expires}.{signature}</c>, an HMAC-SHA256 over everything before the signature with
/// the key that <c>kid</c> names (<see cref="KeyId"/>). The id is 128 random bits; <c>expires</c> is Unix seconds,
/// <see cref="WebChatOptions.TokenLifetime"/> after the token was issued, and every Join issues a fresh one (sliding).
/// Tokens of <see cref="WebChatOptions.PreviousTokenKeys"/> are accepted during a rotation; tokens of the format before
/// (<c>id.signature</c>) with <see cref="WebChatOptions.AcceptLegacyTokens"/>. Revocation (erasure) is
/// <see cref="WebChatRevocations"/>'s.
/// </summary>
public sealed partial class WebChatTokens
{
    private const string Version = "v2";

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly string _currentKid;
    private readonly TimeSpan _lifetime;
    private readonly bool _acceptLegacy;
    private readonly TimeProvider _time;

    public WebChatTokens(IOptions<WebChatOptions> options, TimeProvider time, ILogger<WebChatTokens> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        byte[] current;
        if (settings.TokenKey is { Length: > 0 } configured)
        {
            current = Convert.FromBase64String(configured);
        }
        else
        {
            current = RandomNumberGenerator.GetBytes(32);
            LogEphemeralKey(logger);
        }

        _currentKid = KeyId(current);
        _keys[_currentKid] = current;
        foreach (var previous in settings.PreviousTokenKeys)
        {
            var key = Convert.FromBase64String(previous);
            _keys.TryAdd(KeyId(key), key);
        }

        _lifetime = settings.TokenLifetime;
        _acceptLegacy = settings.AcceptLegacyTokens;
        _time = time;
    }

    /// <summary>The key id: 8 base64url characters of a hash of the key (names it without revealing it).</summary>
    public static string KeyId(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData([.. "chathub-webchat-kid:"u8, .. key], hash);
        return Base64Url(hash[..6]);
    }

    /// <summary>A new conversation and its token.</summary>
    public (string ConversationId, string Token) Issue()
    {
        var id = MessageIds.NewId("c_");
        return (id, Issue(id));
    }

    /// <summary>A fresh token for <paramref name="conversationId"/>, signed with the current key, valid for the lifetime from now.</summary>
    public string Issue(string conversationId)
    {
        var expires = (_time.GetUtcNow() + _lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = $"{Version}.{_currentKid}.{conversationId}.{expires}";
        return payload + "." + Sign(_keys[_currentKid], payload);
    }

    /// <summary>True when the token is ours (a known key's signature) and has not expired; the conversation it names.</summary>
    public bool TryValidate(string? token, out string conversationId)
    {
        conversationId = "";
        if (string.IsNullOrEmpty(token) || token.Length > 256)
        {
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length == 2)
        {
            return _acceptLegacy && TryValidateLegacy(parts[0], parts[1], out conversationId);
        }

        if (parts.Length != 5 || parts[0] != Version || !_keys.TryGetValue(parts[1], out var key)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return false;
        }

        var payload = token[..token.LastIndexOf('.')];
        if (!SignatureMatches(key, payload, parts[4]) || expires <= _time.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }

        conversationId = parts[2];
        return conversationId.Length > 0;
    }

    /// <summary>The format before key ids: <c>id.signature</c>, the HMAC of the id alone, with any configured key.</summary>
    private bool TryValidateLegacy(string id, string signature, out string conversationId)
    {
        conversationId = "";
        foreach (var key in _keys.Values)
        {
            if (id.Length > 0 && SignatureMatches(key, id, signature))
            {
                conversationId = id;
                return true;
            }
        }

        return false;
    }

    private static bool SignatureMatches(byte[] key, string payload, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(key, payload)), Encoding.ASCII.GetBytes(signature));

    private static string Sign(byte[] key, string payload) => Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload)));

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Channels:WebChat:TokenKey is not set: web-chat conversations last as long as this process (set a shared key for several nodes)")]
    private static partial void LogEphemeralKey(ILogger logger);
}
