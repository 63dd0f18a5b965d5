using System.Security.Cryptography;
using System.Text;
using ChatHub.Conversation.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WebChat;

/// <summary>
/// Conversation tokens: <c>conversationId.signature</c> with an HMAC-SHA256 signature, so a browser can resume
/// only a conversation this hub issued to it. The id is 128 random bits.
/// </summary>
public sealed partial class WebChatTokens
{
    private readonly byte[] _key;

    public WebChatTokens(IOptions<WebChatOptions> options, ILogger<WebChatTokens> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Value.TokenKey is { Length: > 0 } configured)
        {
            _key = Convert.FromBase64String(configured);
        }
        else
        {
            _key = RandomNumberGenerator.GetBytes(32);
            LogEphemeralKey(logger);
        }
    }

    public (string ConversationId, string Token) Issue()
    {
        var id = MessageIds.NewId("c_");
        return (id, id + "." + Sign(id));
    }

    public bool TryValidate(string? token, out string conversationId)
    {
        conversationId = "";
        if (string.IsNullOrEmpty(token) || token.Length > 256)
        {
            return false;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return false;
        }

        var id = token[..dot];
        var expected = Encoding.ASCII.GetBytes(Sign(id));
        var actual = Encoding.ASCII.GetBytes(token[(dot + 1)..]);
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return false;
        }

        conversationId = id;
        return true;
    }

    private string Sign(string id)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(id));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Channels:WebChat:TokenKey is not set: web-chat conversations last as long as this process (set a shared key for several nodes)")]
    private static partial void LogEphemeralKey(ILogger logger);
}
