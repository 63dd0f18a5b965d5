namespace ChatHub.Adapters.Discord.Api;

/// <summary>Message flags the hub sets (Discord's <c>flags</c> bit field).</summary>
internal static class MessageFlags
{
    /// <summary><c>1 &lt;&lt; 2</c>: do not include any embeds when serializing the message (no link previews).</summary>
    public const int SuppressEmbeds = 1 << 2;
}
