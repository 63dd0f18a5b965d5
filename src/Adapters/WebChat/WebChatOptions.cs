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
    /// nodes serve the widget, or to keep conversations across restarts; without it a random per-process key is used.
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
}
