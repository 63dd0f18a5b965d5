using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Pipeline;

/// <summary>
/// The egress side of an adapter: sends one outbound message to its platform, handling the platform's rate
/// limits and retry-after itself, and reports the outcome as a value.
/// </summary>
public interface IChannelSender
{
    /// <summary>The channel name this sender serves (<see cref="ConversationRef.Channel"/>); unique.</summary>
    string Channel { get; }

    ValueTask<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}
