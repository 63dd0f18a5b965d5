using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Kafka.Configuration;
using ChatHub.Kafka.Tests.Infrastructure;
using ChatHub.Kafka.Topology;

namespace ChatHub.Kafka.Tests.Topology;

public sealed class KafkaTopologyTests
{
    [Fact]
    public void Physical_PrefixAndOverride_Applied()
    {
        var options = new KafkaOptions { TopicPrefix = "staging." };
        options.Topics["chat.outbound"] = new KafkaTopicOptions { Name = "replies", Partitions = 3 };
        var topology = new KafkaTopology(options);

        Assert.Equal("staging.chat.inbound", topology.Physical("chat.inbound"));
        Assert.Equal("staging.replies", topology.Physical("chat.outbound"));
        Assert.Equal(3, topology.Partitions("chat.outbound"));
        Assert.Equal(options.DefaultPartitions, topology.Partitions("chat.inbound"));
    }

    [Fact]
    public void PublishLane_BulkInbound_GoesToTheBulkTopicOthersStay()
    {
        var topology = new KafkaTopology(new KafkaOptions());

        Assert.Equal("chat.inbound.bulk", topology.PublishLane(Topics.Inbound, TestMessages.Inbound("g", "hi", MessagePriority.Bulk)));
        Assert.Equal("chat.inbound", topology.PublishLane(Topics.Inbound, TestMessages.Inbound("dm", "hi")));
        Assert.Null(topology.BulkLane(Topics.Outbound));
    }

    [Fact]
    public void Subscription_InboundWithLaneOff_OnlyTheTopic()
    {
        var options = new KafkaOptions();
        options.Priority.Enabled = false;
        var topology = new KafkaTopology(options);

        Assert.Equal(["chat.inbound"], topology.Subscription(Topics.Inbound).Select(s => s.Physical));
        Assert.Equal("chat.inbound", topology.PublishLane(Topics.Inbound, TestMessages.Inbound("g", "hi", MessagePriority.Bulk)));
    }

    [Fact]
    public void StandardTopics_Default_TheHubsTopicsAndTheBulkLane()
    {
        var options = new KafkaOptions();
        options.Topics["custom.topic"] = new KafkaTopicOptions();

        Assert.Equal(
            ["chat.inbound", "chat.inbound.bulk", "chat.outbound", "chat.dlq", "custom.topic"],
            new KafkaTopology(options).StandardTopics());
    }

    [Fact]
    public void Specification_CreatedTopics_CarryABoundedRetention_DefaultAndPerTopic()
    {
        var options = new KafkaOptions { Retention = TimeSpan.FromDays(2) };
        options.Topics["chat.dlq"] = new KafkaTopicOptions { Retention = TimeSpan.FromDays(14), Partitions = 1 };
        var topology = new KafkaTopology(options);

        var inbound = topology.Specification("chat.inbound");
        var dlq = topology.Specification("chat.dlq");

        Assert.Equal("172800000", inbound.Configs["retention.ms"]);
        Assert.Equal("1209600000", dlq.Configs["retention.ms"]);
        Assert.Equal(("chat.dlq", 1), (dlq.Name, dlq.NumPartitions));
        Assert.Equal("259200000", new KafkaTopology(new KafkaOptions()).Specification("chat.outbound").Configs["retention.ms"]); // 3 days
    }
}
