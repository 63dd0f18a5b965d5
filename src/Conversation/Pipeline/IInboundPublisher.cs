using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Pipeline;

/// <summary>
/// The ingress step every adapter calls once it has mapped a delivery: validate, de-duplicate (one key per delivery:
/// the conversation and the platform's message id), publish to chat.inbound, and answer a rejected message. The
/// adapters keep no de-duplication of their own.
/// </summary>
public interface IInboundPublisher
{
    /// <summary>
    /// Completes when the message is durably accepted by the bus (so the platform may be acknowledged), or with
    /// <see cref="IngressOutcome.Duplicate"/> / <see cref="IngressOutcome.Rejected"/>. A rejected message is answered
    /// as <paramref name="rejection"/> says: on chat.outbound (<see cref="OutboundMessage.RejectionOf"/>, once per
    /// delivery), or only by the result, for a caller that answers its client itself (the web chat).
    /// </summary>
    ValueTask<IngressResult> PublishAsync(InboundMessage message, RejectionReply rejection, CancellationToken cancellationToken);
}

/// <summary>How a message that ingress rejects (empty, too long) is answered.</summary>
public enum RejectionReply
{
    /// <summary>By the result only: the caller tells its client (the web chat answers the invocation).</summary>
    ToCaller = 0,

    /// <summary>
    /// As an error reply on chat.outbound, through egress like every reply (rate limits, retries, dead-lettering, an
    /// egress-only node in split deployments); its id derives from the inbound id, so a redelivery never makes a second.
    /// </summary>
    OnOutbound = 1,
}
