using System.Globalization;
using System.Text.Json.Nodes;
using ChatHub.Kafka.Health;
using ChatHub.Kafka.Tests.Infrastructure;
using Confluent.Kafka;

namespace ChatHub.Kafka.Tests.Health;

/// <summary>
/// The stuck-partition check reads librdkafka's statistics: the reports here come from a real librdkafka 2.16 client
/// on the mock cluster (so the field names are the library's, not ours), with one partition's <c>broker</c> then set
/// to another broker than its <c>leader</c>, as librdkafka leaves it after a leader moves away and back.
/// </summary>
[Collection(KafkaCollection.Name)]
public sealed class StuckPartitionDetectorTests(KafkaClusterFixture fixture)
{
    private static readonly TimeSpan After = TimeSpan.FromSeconds(15);

    [Fact]
    public void Observe_PartitionAwayFromItsLeader_ReportedOnlyOnceItHasBeenAwayForTheTimeout()
    {
        var (report, topic) = RealConsumerStatistics();
        var time = new ManualTimeProvider();
        var detector = new StuckPartitionDetector(After, time, assignedOnly: true);
        var stuck = MoveOffLeader(report, topic, partition: 1);

        Assert.Null(detector.Observe(report)); // every partition on its leader
        Assert.Null(detector.Observe(stuck.Json));
        time.Advance(After - TimeSpan.FromSeconds(1));
        Assert.Null(detector.Observe(stuck.Json)); // a move under way looks the same for a while
        time.Advance(TimeSpan.FromSeconds(1));

        var found = detector.Observe(stuck.Json);

        Assert.NotNull(found);
        Assert.Equal((topic, 1, stuck.Broker, stuck.Leader, After), (found.Topic, found.Partition, found.Broker, found.Leader, found.For));
    }

    [Fact]
    public void Observe_PartitionBackOnItsLeaderInBetween_ItsTimeStartsAgain()
    {
        var (report, topic) = RealConsumerStatistics();
        var time = new ManualTimeProvider();
        var detector = new StuckPartitionDetector(After, time, assignedOnly: true);
        var stuck = MoveOffLeader(report, topic, partition: 0);

        Assert.Null(detector.Observe(stuck.Json));
        time.Advance(After - TimeSpan.FromSeconds(1));
        Assert.Null(detector.Observe(report)); // the move finished
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(detector.Observe(stuck.Json)); // away again: a new move, not the old one
        time.Advance(After);
        Assert.NotNull(detector.Observe(stuck.Json));
    }

    [Fact]
    public void Observe_PartitionNotAssignedToAConsumer_IgnoredForConsumersReportedForProducers()
    {
        var (report, topic) = RealConsumerStatistics();
        var stuck = MoveOffLeader(report, topic, partition: 2, desired: false);
        var time = new ManualTimeProvider();
        var consumer = new StuckPartitionDetector(After, time, assignedOnly: true);
        var producer = new StuckPartitionDetector(After, time, assignedOnly: false);

        consumer.Observe(stuck.Json);
        producer.Observe(stuck.Json);
        time.Advance(After);

        Assert.Null(consumer.Observe(stuck.Json));
        Assert.Equal(2, producer.Observe(stuck.Json)?.Partition);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"topics\":")]
    [InlineData("[1,2]")]
    [InlineData("{\"topics\":{\"t\":{\"partitions\":{\"0\":{\"partition\":\"zero\",\"broker\":null}}}}}")]
    [InlineData("{\"topics\":{\"t\":{\"partitions\":{\"0\":[0,1,2]}}}}")]
    [InlineData("{\"topics\":{\"t\":[]}}")]
    public void Observe_NotStatisticsAsDocumented_NothingReported(string report)
    {
        var detector = new StuckPartitionDetector(TimeSpan.Zero, new ManualTimeProvider(), assignedOnly: false);

        Assert.Null(detector.Observe(report));
    }

    /// <summary>A statistics report of a consumer assigned the 3 partitions of a new topic, once it knows their leaders.</summary>
    private (string Report, string Topic) RealConsumerStatistics()
    {
        var topic = fixture.NewPrefix() + "stuck.stats";
        fixture.Cluster.CreateTopic(topic, 3);
        string? report = null;
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = fixture.Cluster.BootstrapServers,
            GroupId = "g-" + Guid.NewGuid().ToString("N")[..8],
            StatisticsIntervalMs = 100,
        })
            .SetStatisticsHandler((_, json) =>
            {
                if (AllOnLeaders(json, topic))
                {
                    report ??= json;
                }
            })
            .Build();
        consumer.Assign(Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset(topic, p, Offset.End)));
        var deadline = DateTime.UtcNow + TaskTimeoutExtensions.DefaultTimeoutSpan;
        while (report is null && DateTime.UtcNow < deadline)
        {
            consumer.Consume(TimeSpan.FromMilliseconds(100)); // statistics are served by the consumer's poll
        }

        Assert.NotNull(report);
        return (report, topic);
    }

    private static bool AllOnLeaders(string json, string topic)
    {
        var partitions = JsonNode.Parse(json)?["topics"]?[topic]?["partitions"]?.AsObject();
        return partitions is not null
            && Enumerable.Range(0, 3).All(p => partitions[p.ToString(CultureInfo.InvariantCulture)] is { } entry
                && (int)entry["leader"]! >= 0 && (int)entry["broker"]! == (int)entry["leader"]! && (bool)entry["desired"]!);
    }

    private static (string Json, int Broker, int Leader) MoveOffLeader(string report, string topic, int partition, bool desired = true)
    {
        var root = JsonNode.Parse(report)!;
        var entry = root["topics"]![topic]!["partitions"]![partition.ToString(CultureInfo.InvariantCulture)]!;
        var leader = (int)entry["leader"]!;
        var broker = (leader % 3) + 1;
        entry["broker"] = broker;
        entry["desired"] = desired;
        return (root.ToJsonString(), broker, leader);
    }
}
