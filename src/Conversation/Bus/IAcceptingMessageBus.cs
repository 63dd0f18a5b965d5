namespace ChatHub.Conversation.Bus;

/// <summary>
/// A bus that keeps a delivery's accept marker (<see cref="Idempotency.AcceptOnce"/>) with the message itself: the
/// durable embedded inbox, whose idempotency store is in the same file. The marker and the message are written in one
/// transaction, and a delivery whose marker is already there is refused in it, so every accepted delivery is exactly
/// one stored message, kept until its handler returned: a redelivery (concurrent, or after a crash before the platform
/// heard back) never becomes a second one.
/// </summary>
public interface IAcceptingMessageBus : IMessageBus
{
    /// <summary>
    /// Whether <see cref="PublishAcceptedAsync"/> writes the markers of the registered idempotency store (false when the
    /// stores are elsewhere, e.g. on Redis, while the inbox is in the file): then use publish, then mark.
    /// </summary>
    bool AcceptsAtomically { get; }

    /// <summary>
    /// Publishes <paramref name="value"/> and records <paramref name="acceptKey"/> as done for <paramref name="retention"/>,
    /// both or neither; returns false, publishing nothing, when the key already carries a live done marker (a duplicate).
    /// Completes, like a publish, once the message is on disk.
    /// </summary>
    ValueTask<bool> PublishAcceptedAsync<T>(
        BusTopic<T> topic, string key, T value, string acceptKey, TimeSpan retention, CancellationToken cancellationToken);
}
