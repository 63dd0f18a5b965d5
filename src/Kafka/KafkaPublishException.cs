namespace ChatHub.Kafka;

/// <summary>A publish that Kafka did not acknowledge (delivery timeout, authorization, message too large, ...).</summary>
public sealed class KafkaPublishException : Exception
{
    public KafkaPublishException()
    {
    }

    public KafkaPublishException(string message)
        : base(message)
    {
    }

    public KafkaPublishException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KafkaPublishException(string topic, string errorCode, string reason, Exception innerException)
        : base($"Publishing to {topic} failed: {errorCode}: {reason}", innerException)
    {
        Topic = topic;
        ErrorCode = errorCode;
    }

    /// <summary>The physical topic.</summary>
    public string? Topic { get; }

    /// <summary>Confluent.Kafka's error code name, e.g. <c>Local_MsgTimedOut</c>.</summary>
    public string? ErrorCode { get; }
}
