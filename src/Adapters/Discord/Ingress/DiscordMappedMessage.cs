using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Discord.Ingress;

/// <summary>A MESSAGE_CREATE or a button press mapped: the hub's message, or why it is ignored (or refused: a forged press).</summary>
internal readonly record struct DiscordMappedMessage(InboundMessage? Message, string? IgnoredReason, bool Refused = false)
{
    public static DiscordMappedMessage Ignored(string reason) => new(null, reason);

    public static DiscordMappedMessage RefusedPress(string reason) => new(null, reason, Refused: true);
}
