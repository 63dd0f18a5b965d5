using ChatHub.Kafka.Configuration;

namespace ChatHub.Kafka.Tests.Configuration;

/// <summary>The stuck-partition check needs the clients' statistics; off, they are not produced at all.</summary>
public sealed class KafkaClientConfigsTests
{
    [Fact]
    public void Clients_StuckPartitionCheckOnByDefault_ReportStatisticsEveryFiveSeconds()
    {
        var options = new KafkaOptions { BootstrapServers = "broker:9092" };

        Assert.Equal(5_000, KafkaClientConfigs.Consumer(options, "g").StatisticsIntervalMs);
        Assert.Equal(5_000, KafkaClientConfigs.Producer(options).StatisticsIntervalMs);
    }

    [Fact]
    public void Clients_ShortTimeout_ReportAThirdOfIt()
    {
        var options = new KafkaOptions { BootstrapServers = "broker:9092", StuckPartitionTimeout = TimeSpan.FromSeconds(3) };

        Assert.Equal(1_000, KafkaClientConfigs.Consumer(options, "g").StatisticsIntervalMs);
    }

    [Fact]
    public void Clients_CheckOff_NoStatistics()
    {
        var options = new KafkaOptions { BootstrapServers = "broker:9092", StuckPartitionTimeout = TimeSpan.Zero };

        Assert.Equal(0, KafkaClientConfigs.Consumer(options, "g").StatisticsIntervalMs);
        Assert.Equal(0, KafkaClientConfigs.Producer(options).StatisticsIntervalMs);
    }

    [Fact]
    public void Clients_OperatorSetsTheInterval_TheirValueWins()
    {
        var options = new KafkaOptions { BootstrapServers = "broker:9092" };
        options.Client["statistics.interval.ms"] = "60000";

        Assert.Equal(60_000, KafkaClientConfigs.Consumer(options, "g").StatisticsIntervalMs);
    }
}
