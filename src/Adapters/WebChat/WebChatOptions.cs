using System.ComponentModel.DataAnnotations;

namespace ChatHub.Adapters.WebChat;

public sealed class WebChatOptions
{
    public const string SectionName = "Channels:WebChat";

    /// <summary>The bot id used in web-chat conversation refs.</summary>
    [Required]
    public string BotId { get; set; } = "chathub";

    /// <summary>
    /// Base64 key (≥32 bytes) that signs conversation tokens. Set it (the same on every node) when several hub
    /// nodes serve the widget; without it the key kept in the SQLite file is used (the default storage), or a random
    /// per-process key (<c>Storage:Provider=memory</c>, or Redis without a key).
    /// </summary>
    public string? TokenKey { get; set; }

    /// <summary>
    /// Origins of other sites allowed to embed the widget (CORS for <c>/hubs/chat</c>), e.g.
    /// <c>https://www.example.com</c>; <c>*</c> allows any origin. Empty (default): the hub's own pages only.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>Longest accepted clientMessageId.</summary>
    [Range(8, 1024)]
    public int MaxClientMessageIdLength { get; set; } = 128;

    /// <summary>
    /// Keys that signed tokens before <see cref="TokenKey"/> (base64, ≥32 bytes each): tokens they signed are still
    /// accepted, and replaced by tokens signed with the current key at the next Join. Rotation: add the old key here,
    /// set the new one as <see cref="TokenKey"/>, and remove the old one after <see cref="TokenLifetime"/>.
    /// </summary>
    public string[] PreviousTokenKeys { get; set; } = [];

    /// <summary>
    /// How long a conversation token stays valid after it was issued; every Join issues a fresh one (sliding), so a
    /// widget that comes back within this time keeps its conversation.
    /// </summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Accept tokens of the format before key ids and expiry (<c>id.signature</c>), signed with a configured key, and
    /// replace them at the Join. Off by default: such a token never expires, so a stolen one would work for ever. An
    /// upgrade that wants returning visitors to keep their conversations turns it on for a while (e.g.
    /// <see cref="TokenLifetime"/>) and off again (docs/operations.md).
    /// </summary>
    public bool AcceptLegacyTokens { get; set; }

    /// <summary>Limits on new conversations and messages per connection and per client address.</summary>
    public WebChatLimitOptions Limits { get; set; } = new();

    public override string ToString() =>
        $"BotId={BotId}, TokenKey={(string.IsNullOrEmpty(TokenKey) ? "(not set)" : "*****")}, PreviousTokenKeys={PreviousTokenKeys.Length}, " +
        $"TokenLifetime={TokenLifetime}, AllowedOrigins=[{string.Join(", ", AllowedOrigins)}]";
}
