namespace ChatHub.Kafka.Configuration;

/// <summary>The bus's producer (<c>Kafka:Producer</c>). It is always idempotent with <c>acks=all</c>.</summary>
public sealed class KafkaProducerOptions
{
    /// <summary>How long librdkafka keeps retrying a message (<c>message.timeout.ms</c>) before a publish fails.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the producer waits to batch messages (<c>linger.ms</c>).</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(5);
}
