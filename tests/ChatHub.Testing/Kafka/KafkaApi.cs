namespace ChatHub.Testing.Kafka;

/// <summary>Kafka protocol API keys, for the mock's request-error injection.</summary>
public enum KafkaApi : short
{
    Produce = 0,
    Fetch = 1,
    Metadata = 3,
    OffsetCommit = 8,
    Heartbeat = 12,
}
