using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Discord.Ingress;

/// <summary>A MESSAGE_CREATE mapped: the hub's message, or why it is ignored.</summary>
internal readonly record struct DiscordMappedMessage(InboundMessage? Message, string? IgnoredReason)
{
    public static DiscordMappedMessage Ignored(string reason) => new(null, reason);
}
