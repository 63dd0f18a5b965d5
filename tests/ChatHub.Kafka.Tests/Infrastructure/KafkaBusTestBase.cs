using ChatHub.Conversation.Bus;
using ChatHub.Kafka.Configuration;
using ChatHub.Kafka.Consuming;
using Xunit.Abstractions;
using ChatHub.Testing.Kafka;

namespace ChatHub.Kafka.Tests.Infrastructure;

/// <summary>
/// Kafka tests: a topic prefix of their own on the shared mock cluster, buses and consumers that are stopped and
/// disposed at the end of the test (also when it fails).
/// </summary>
[Collection(KafkaCollection.Name)]
public abstract class KafkaBusTestBase : IAsyncLifetime
{
    private readonly List<(Task Consumer, CancellationTokenSource Stop)> _consumers = [];
    private readonly List<KafkaMessageBus> _buses = [];

    protected KafkaBusTestBase(KafkaClusterFixture fixture, ITestOutputHelper output)
    {
        Cluster = fixture.Cluster;
        Output = output;
        Prefix = fixture.NewPrefix();
    }

    protected MockKafkaCluster Cluster { get; }

    protected ITestOutputHelper Output { get; }

    protected string Prefix { get; }

    protected static string NewGroup() => "g-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Creates the physical topic of a logical one (and the prefix's dead-letter topic, once).</summary>
    protected void CreateTopic(string logical, int partitions)
    {
        Cluster.CreateTopic(Prefix + logical, partitions);
        if (!_dlqCreated)
        {
            Cluster.CreateTopic(Prefix + Topics.DeadLetters.Name, 1);
            _dlqCreated = true;
        }
    }

    protected KafkaMessageBus CreateBus(Action<KafkaOptions>? configure = null)
    {
        var bus = KafkaTestBus.Create(KafkaTestBus.Options(Cluster, Prefix, configure), Output);
        _buses.Add(bus);
        return bus;
    }

    /// <summary>Starts a consumer; returns its task and the source that stops it.</summary>
    protected (Task Consumer, CancellationTokenSource Stop) StartConsumer<T>(
        KafkaMessageBus bus, BusTopic<T> topic, string group, Func<BusMessage<T>, CancellationToken, ValueTask> handler)
    {
        var stop = new CancellationTokenSource();
        var consumer = bus.ConsumeAsync(topic, group, handler, stop.Token);
        _consumers.Add((consumer, stop));
        return (consumer, stop);
    }

    /// <summary>Waits (event-driven) for the group's consumer on this bus to reach a state.</summary>
    private protected static async Task<IKafkaConsumerLoop> WaitForConsumerAsync(KafkaMessageBus bus, string group, Func<ConsumerStatistics, bool> predicate)
    {
        var loop = await bus.WaitForConsumerAsync(group, CancellationToken.None).DefaultTimeout();
        await loop.Statistics.WaitUntilAsync(predicate, CancellationToken.None).DefaultTimeout();
        return loop;
    }

    public Task InitializeAsync()
    {
        // A test that failed half-way through an outage must not take the next ones down with it.
        for (var broker = 1; broker <= Cluster.Brokers; broker++)
        {
            Cluster.SetBrokerUp(broker);
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var (consumer, stop) in _consumers)
        {
            await stop.CancelAsync();
            try
            {
                await consumer.WaitAsync(TaskTimeoutExtensions.DefaultTimeoutSpan);
            }
            catch (Exception e) when (e is not TimeoutException)
            {
                // The test already asserted what it needed; a consumer failing at stop shows in the output.
                Output.WriteLine($"Consumer ended with {e.GetType().Name}: {e.Message}");
            }

            stop.Dispose();
        }

        foreach (var bus in _buses)
        {
            await bus.DisposeAsync();
        }
    }

    private bool _dlqCreated;
}
