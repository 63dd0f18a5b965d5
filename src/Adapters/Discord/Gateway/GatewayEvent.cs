using ChatHub.Adapters.Discord.Api;
using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Discord.Gateway;

/// <summary>An event for the dispatch loop: a MESSAGE_CREATE to map, or a button press already mapped (and answered).</summary>
internal readonly record struct GatewayEvent(DiscordMessage? Message, InboundMessage? Press)
{
    /// <summary>For logs: the message id, or the press's platform id (<c>ix:</c> + the interaction id).</summary>
    public string Id => Message?.Id ?? Press?.PlatformMessageId ?? "";
}
