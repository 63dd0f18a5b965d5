using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Pipeline;

/// <summary>The ingress step every adapter calls: validate, de-duplicate, publish to chat.inbound.</summary>
public interface IInboundPublisher
{
    /// <summary>
    /// Completes when the message is durably accepted by the bus (so the platform may be acknowledged), or with
    /// <see cref="IngressOutcome.Duplicate"/> / <see cref="IngressOutcome.Rejected"/>.
    /// </summary>
    ValueTask<IngressResult> PublishAsync(InboundMessage message, CancellationToken cancellationToken);
}
