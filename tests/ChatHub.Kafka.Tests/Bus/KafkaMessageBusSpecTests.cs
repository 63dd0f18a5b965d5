using ChatHub.Conversation.Bus;
using ChatHub.Kafka.Tests.Infrastructure;
using ChatHub.Kafka.Tests.Specs;
using Xunit.Abstractions;
using ChatHub.Testing.Kafka;

namespace ChatHub.Kafka.Tests.Bus;

/// <summary>The bus contract on Kafka: real Confluent.Kafka clients against librdkafka's mock cluster (3 brokers).</summary>
[Collection(KafkaCollection.Name)]
public sealed class KafkaMessageBusSpecTests : MessageBusSpec
{
    private readonly KafkaClusterFixture _fixture;
    private readonly ITestOutputHelper _output;
    private readonly string _prefix;

    public KafkaMessageBusSpecTests(KafkaClusterFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
        _prefix = fixture.NewPrefix();
    }

    protected override BusTopic<int> Topic { get; } = new("spec.numbers");

    protected override Task<IMessageBus> CreateBusAsync()
    {
        _fixture.Cluster.CreateTopic(_prefix + Topic.Name, partitions: 4);
        _fixture.Cluster.CreateTopic(_prefix + Topics.DeadLetters.Name, partitions: 1);
        return Task.FromResult<IMessageBus>(KafkaTestBus.Create(KafkaTestBus.Options(_fixture.Cluster, _prefix), _output));
    }

    // Per-key workers: two keys run in parallel even in one partition.
    protected override (string A, string B) IndependentKeys() => ("key-a", "key-b");

    protected override async Task<IAsyncDisposable> StopAcceptingAsync(string key)
    {
        // Connect and learn the topic first, so that only the outage keeps the next publish from completing.
        await Bus.PublishAsync(Topic, key, -1, CancellationToken.None);
        for (var broker = 1; broker <= _fixture.Cluster.Brokers; broker++)
        {
            _fixture.Cluster.SetBrokerDown(broker);
        }

        return new BrokersUp(_fixture.Cluster);
    }

    private sealed class BrokersUp(MockKafkaCluster cluster) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            for (var broker = 1; broker <= cluster.Brokers; broker++)
            {
                cluster.SetBrokerUp(broker);
            }

            return ValueTask.CompletedTask;
        }
    }
}
