using ChatHub.Kafka.Configuration;
using ChatHub.Kafka.Serialization;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;
using ChatHub.Testing.Kafka;

namespace ChatHub.Kafka.Tests.Infrastructure;

/// <summary>Kafka buses and raw clients pointed at the mock cluster, with test-sized timeouts.</summary>
public static class KafkaTestBus
{
    public static KafkaOptions Options(MockKafkaCluster cluster, string prefix, Action<KafkaOptions>? configure = null)
    {
        var options = new KafkaOptions
        {
            BootstrapServers = cluster.BootstrapServers,
            ClientId = "chathub-tests",
            TopicPrefix = prefix,
            AdminTimeout = TimeSpan.FromSeconds(10),
        };
        options.Consumer.SessionTimeout = TimeSpan.FromSeconds(6);
        options.Consumer.CommitInterval = TimeSpan.FromMilliseconds(200);
        options.Consumer.DrainTimeout = TimeSpan.FromSeconds(10);
        options.Consumer.RevokeTimeout = TimeSpan.FromSeconds(10);
        options.Producer.Linger = TimeSpan.FromMilliseconds(1);
        // Reconnect quickly after a broker comes back (default backoff grows to 10 s).
        options.Client["reconnect.backoff.max.ms"] = "500";
        options.Client["topic.metadata.refresh.interval.ms"] = "1000";
        configure?.Invoke(options);
        return options;
    }

    public static KafkaMessageBus Create(KafkaOptions options, ITestOutputHelper? output = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options),
            new KafkaMessageSerializer(TestJsonContext.Default),
            TimeProvider.System,
            output is null ? NullLoggerFactory.Instance : LoggerFactory.Create(b => b.AddProvider(new TestOutputLoggerProvider(output)).SetMinimumLevel(LogLevel.Debug)));

    /// <summary>The group's committed offset of a partition (OffsetFetch through a consumer that does not join).</summary>
    public static long Committed(MockKafkaCluster cluster, string group, string topic, int partition)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = group }).Build();
        var offsets = consumer.Committed([new TopicPartition(topic, partition)], TimeSpan.FromSeconds(10));
        return offsets.Single().Offset.Value;
    }

    public static IProducer<byte[], byte[]> RawProducer(MockKafkaCluster cluster) =>
        new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, Acks = Acks.All }).Build();

    /// <summary>Reads one partition from the start without a group (no join delay).</summary>
    public static List<ConsumeResult<byte[], byte[]>> ReadAll(MockKafkaCluster cluster, string topic, int count)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(
            new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "reader-" + Guid.NewGuid().ToString("N"), EnableAutoCommit = false }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        var results = new List<ConsumeResult<byte[], byte[]>>();
        var deadline = DateTime.UtcNow + TaskTimeoutExtensions.DefaultTimeoutSpan;
        while (results.Count < count && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } result)
            {
                results.Add(result);
            }
        }

        return results;
    }
}
