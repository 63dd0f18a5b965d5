using System.Text;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Kafka.Health;
using ChatHub.Kafka.Serialization;
using ChatHub.Kafka.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace ChatHub.Kafka.Tests.Bus;

/// <summary>The hub's messages through real topics: exact round trip, headers, the bulk lane's topic, readiness.</summary>
public sealed class KafkaRoundTripTests(KafkaClusterFixture fixture, ITestOutputHelper output) : KafkaBusTestBase(fixture, output)
{
    private static readonly BusTopic<InboundMessage> Inbound = new("rt.inbound");

    [Fact]
    public async Task Publish_InboundMessage_ArrivesExactlyWithIdHeaderAndBulkGoesToItsLane()
    {
        CreateTopic(Inbound.Name, partitions: 2);
        CreateTopic(Inbound.Name + ".bulk", partitions: 1);
        var bus = CreateBus();
        var group = NewGroup();
        var message = TestMessages.Inbound("c1", "Grüße") with
        {
            ReceivedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(-3)).AddTicks(42),
            Locale = "de",
            Properties = new Dictionary<string, string> { ["k"] = "v" },
        };
        var bulk = TestMessages.Inbound("g1", "group chatter", MessagePriority.Bulk, ChannelNames.Telegram);
        await bus.PublishAsync(Inbound, message.Conversation.Key, message, CancellationToken.None).DefaultTimeout();
        await bus.PublishAsync(Inbound, bulk.Conversation.Key, bulk, CancellationToken.None).DefaultTimeout();

        var received = new TaskCompletionSource<BusMessage<InboundMessage>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var receivedBulk = new TaskCompletionSource<BusMessage<InboundMessage>>(TaskCreationOptions.RunContinuationsAsynchronously);
        StartConsumer(bus, Inbound, group, (m, ct) =>
        {
            (m.Value.Priority == MessagePriority.Bulk ? receivedBulk : received).TrySetResult(m);
            return ValueTask.CompletedTask;
        });

        var envelope = await received.Task.DefaultTimeout();
        Assert.Equal(message.Conversation.Key, envelope.Key);
        Assert.Equal(message with { Properties = null }, envelope.Value with { Properties = null });
        Assert.Equal(message.ReceivedAt.Offset, envelope.Value.ReceivedAt.Offset);
        Assert.Equal(message.Properties, envelope.Value.Properties);
        Assert.Equal(message.Id, envelope.Headers[KafkaHeaders.MessageId]);
        Assert.Equal("application/json", envelope.Headers[KafkaHeaders.ContentType]);
        Assert.Equal(bulk.Id, (await receivedBulk.Task.DefaultTimeout()).Value.Id);

        var onBulkTopic = await Task.Run(() => KafkaTestBus.ReadAll(Cluster, Prefix + Inbound.Name + ".bulk", 1)).DefaultTimeout();
        Assert.Equal(bulk.Id, Encoding.UTF8.GetString(onBulkTopic.Single().Message.Headers.GetLastBytes(KafkaHeaders.MessageId)));
    }

    [Fact]
    public async Task HealthCheck_ConsumerAssigned_HealthyAndBrokersDown_Unhealthy()
    {
        var numbers = new BusTopic<int>("health.numbers");
        CreateTopic(numbers.Name, partitions: 1);
        var bus = CreateBus(o => o.AdminTimeout = TimeSpan.FromSeconds(1));
        var group = NewGroup();
        var health = new KafkaHealthCheck(bus);
        StartConsumer(bus, numbers, group, (_, _) => ValueTask.CompletedTask);
        await WaitForConsumerAsync(bus, group, s => s.State == ChatHub.Kafka.Consuming.ConsumerState.Assigned);

        var ready = await health.CheckHealthAsync(new HealthCheckContext()).DefaultTimeout();
        Assert.Equal(HealthStatus.Healthy, ready.Status);

        for (var broker = 1; broker <= Cluster.Brokers; broker++)
        {
            Cluster.SetBrokerDown(broker);
        }

        try
        {
            var down = await health.CheckHealthAsync(new HealthCheckContext()).DefaultTimeout();
            Assert.Equal(HealthStatus.Unhealthy, down.Status);
        }
        finally
        {
            for (var broker = 1; broker <= Cluster.Brokers; broker++)
            {
                Cluster.SetBrokerUp(broker);
            }
        }
    }
}
