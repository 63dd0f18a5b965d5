namespace ChatHub.Conversation.Bus;

/// <summary>
/// The message bus seam: in-process channels by default, Kafka when configured.
/// Messages with the same key are delivered to one consumer in publish order; different keys in parallel.
/// </summary>
public interface IMessageBus
{
    /// <summary>
    /// Publishes a message. Completes once the bus has accepted it; when the bus is full this waits
    /// (backpressure) rather than dropping the message.
    /// </summary>
    ValueTask PublishAsync<T>(BusTopic<T> topic, string key, T value, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a consumer until <paramref name="cancellationToken"/> is cancelled, then drains for a bounded time.
    /// The handler is called for one message of a key at a time, in order. A handler that throws does not stop
    /// the consumer; wrap it with <see cref="RetryingHandler"/> for retries and dead-lettering.
    /// </summary>
    Task ConsumeAsync<T>(
        BusTopic<T> topic,
        string consumerGroup,
        Func<BusMessage<T>, CancellationToken, ValueTask> handler,
        CancellationToken cancellationToken);
}
