using ChatHub.Kafka.Health;
using Confluent.Kafka;

namespace ChatHub.Kafka.Configuration;

/// <summary>librdkafka configurations of the bus's clients: the bus's invariants first, then the <c>Kafka:Client</c> pass-through.</summary>
internal static class KafkaClientConfigs
{
    public static ProducerConfig Producer(KafkaOptions options)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
            // Publish completes only when every in-sync replica has the message; retries never duplicate or reorder.
            Acks = Acks.All,
            EnableIdempotence = true,
            MessageTimeoutMs = Milliseconds(options.Producer.DeliveryTimeout),
            LingerMs = options.Producer.Linger.TotalMilliseconds,
            // The Java client's partitioner, so that other clients put a conversation on the same partition.
            Partitioner = Partitioner.Murmur2Random,
            StatisticsIntervalMs = StatisticsInterval(options),
        };
        return PassThrough(config, options);
    }

    public static ConsumerConfig Consumer(KafkaOptions options, string groupId)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
            GroupId = groupId,
            // A new group starts at the beginning: what was published before the first worker started is not lost.
            AutoOffsetReset = AutoOffsetReset.Earliest,
            // Offsets are stored by the consume loop only up to the watermark (lowest message still in flight);
            // librdkafka commits what was stored, periodically, on revoke and on close.
            EnableAutoCommit = true,
            EnableAutoOffsetStore = false,
            AutoCommitIntervalMs = Milliseconds(options.Consumer.CommitInterval),
            SessionTimeoutMs = Milliseconds(options.Consumer.SessionTimeout),
            HeartbeatIntervalMs = Math.Max(100, Milliseconds(options.Consumer.SessionTimeout) / 3),
            // Incremental rebalancing: only partitions that move are revoked, the others keep running.
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            EnablePartitionEof = false,
            StatisticsIntervalMs = StatisticsInterval(options),
        };
        return PassThrough(config, options);
    }

    public static AdminClientConfig Admin(KafkaOptions options)
    {
        var config = new AdminClientConfig { BootstrapServers = options.BootstrapServers, ClientId = options.ClientId };
        return PassThrough(config, options);
    }

    private static T PassThrough<T>(T config, KafkaOptions options)
        where T : ClientConfig
    {
        foreach (var (name, value) in options.Client)
        {
            config.Set(name, value);
        }

        return config;
    }

    /// <summary>Statistics feed the stuck-partition check (a <c>Kafka:Client</c> value wins); none when it is off.</summary>
    private static int StatisticsInterval(KafkaOptions options) =>
        options.StuckPartitionTimeout > TimeSpan.Zero ? Milliseconds(StuckPartitionDetector.StatisticsInterval(options.StuckPartitionTimeout)) : 0;

    private static int Milliseconds(TimeSpan value) => (int)Math.Clamp(value.TotalMilliseconds, 0, int.MaxValue);
}
