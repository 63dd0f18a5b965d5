using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Slack.Ingress;

/// <summary>An event mapped to a message, or the reason it is ignored.</summary>
internal readonly record struct SlackMappedEvent(InboundMessage? Message, string? IgnoredReason, bool Refused = false)
{
    public static SlackMappedEvent Ignored(string reason) => new(null, reason);

    /// <summary>A forged press: logged as a warning.</summary>
    public static SlackMappedEvent RefusedPress(string reason) => new(null, reason, Refused: true);
}
