namespace ChatHub.Kafka.Consuming;

/// <summary>A running consumer, as the bus, the health check and tests see it.</summary>
internal interface IKafkaConsumerLoop
{
    string Topic { get; }

    string Group { get; }

    ConsumerStatistics Statistics { get; }

    /// <summary>Commits the stored watermarks now, from the consume thread (tests; librdkafka commits them periodically anyway).</summary>
    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>Tests: ends the current client session as a stuck partition would; a new client joins the group.</summary>
    void ReplaceClient(Health.StuckPartition because);
}
