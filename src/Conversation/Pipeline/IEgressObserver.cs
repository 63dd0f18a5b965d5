using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Pipeline;

/// <summary>
/// Told the outcome of every final reply in egress, on the egress node (register with <c>TryAddEnumerable</c>). Broadcasts
/// track their deliveries this way. Called after the outcome; an observer must be quick, and must not throw (a throw
/// would make the bus retry a reply the platform has accepted).
/// </summary>
public interface IEgressObserver
{
    ValueTask OnFinalAsync(OutboundMessage message, EgressOutcome outcome, string? reason, CancellationToken cancellationToken);
}
