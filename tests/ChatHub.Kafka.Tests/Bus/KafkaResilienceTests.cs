using System.Collections.Concurrent;
using ChatHub.Conversation.Bus;
using ChatHub.Kafka.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChatHub.Kafka.Tests.Bus;

/// <summary>A broker outage and a rebalance in the middle of the load: nothing is lost, order per key holds.</summary>
public sealed class KafkaResilienceTests(KafkaClusterFixture fixture, ITestOutputHelper output) : KafkaBusTestBase(fixture, output)
{
    private const int Keys = 20;

    [Fact]
    public async Task BrokerDownMidLoad_NothingLostAndOrderPerKeyKept()
    {
        var numbers = new BusTopic<int>("outage.numbers");
        CreateTopic(numbers.Name, partitions: 6);
        for (var partition = 0; partition < 6; partition++)
        {
            Cluster.SetPartitionLeader(Prefix + numbers.Name, partition, 1 + (partition % 3)); // broker 1 leads 0 and 3
        }

        var bus = CreateBus();
        var group = NewGroup();
        Cluster.SetGroupCoordinator(group, 2); // the outage hits partition leaders, not the group's coordinator
        var handled = new ConcurrentQueue<(string Key, int Value)>();
        var distinct = new ConcurrentDictionary<int, bool>();
        var firstHundred = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var whileDown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        StartConsumer(bus, numbers, group, (m, ct) =>
        {
            handled.Enqueue((m.Key, m.Value));
            if (distinct.TryAdd(m.Value, true))
            {
                if (distinct.Count == 100)
                {
                    firstHundred.TrySetResult();
                }

                if (m.Value >= 100 && distinct.Keys.Count(v => v >= 100) >= 20)
                {
                    whileDown.TrySetResult();
                }

                if (distinct.Count == 300)
                {
                    all.TrySetResult();
                }
            }

            return ValueTask.CompletedTask;
        });

        await PublishAsync(bus, numbers, 0, 100).DefaultTimeout();
        await firstHundred.Task.DefaultTimeout(); // mid-load: the consumer is assigned and busy
        Task pending;
        Cluster.SetBrokerDown(1);
        try
        {
            pending = PublishAsync(bus, numbers, 100, 300);
            await whileDown.Task.DefaultTimeout(); // partitions led by brokers 2 and 3 keep flowing meanwhile
        }
        finally
        {
            Cluster.SetBrokerUp(1);
        }

        await pending.DefaultTimeout();
        await all.Task.DefaultTimeout();

        Assert.Equal(Enumerable.Range(0, 300), distinct.Keys.Order());
        AssertFirstDeliveriesInOrderPerKey(handled);
    }

    [Fact]
    public async Task Rebalance_SecondConsumerJoinsMidLoad_NothingLostOrderKeptRedeliveryOnlyAcrossTheHandover()
    {
        var numbers = new BusTopic<int>("rebalance.numbers");
        CreateTopic(numbers.Name, partitions: 4);
        var group = NewGroup();
        var first = CreateBus();
        var second = CreateBus();
        var handled = new List<(string Consumer, string Key, int Value)>();
        var fifty = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Func<BusMessage<int>, CancellationToken, ValueTask> Handler(string consumer) => (m, ct) =>
        {
            lock (handled)
            {
                handled.Add((consumer, m.Key, m.Value));
                if (handled.Count == 50)
                {
                    fifty.TrySetResult();
                }

                if (handled.Select(h => h.Value).Distinct().Count() == 400)
                {
                    all.TrySetResult();
                }
            }

            return ValueTask.CompletedTask;
        };

        StartConsumer(first, numbers, group, Handler("first"));
        await PublishAsync(first, numbers, 0, 200).DefaultTimeout();
        await fifty.Task.DefaultTimeout();
        StartConsumer(second, numbers, group, Handler("second"));
        var joined = await WaitForConsumerAsync(second, group, s => s.AssignedPartitions > 0);
        await PublishAsync(first, numbers, 200, 400).DefaultTimeout();
        await all.Task.DefaultTimeout();

        List<(string Consumer, string Key, int Value)> snapshot;
        lock (handled)
        {
            snapshot = [.. handled];
        }

        Assert.Equal(Enumerable.Range(0, 400), snapshot.Select(h => h.Value).Distinct().Order());
        Assert.Contains(snapshot, h => h.Consumer == "second");
        Assert.InRange(joined.Statistics.AssignedPartitions, 1, 3);
        foreach (var key in snapshot.GroupBy(h => h.Key))
        {
            // Each consumer saw the key in order, and the new owner started only after the old one had finished.
            foreach (var consumer in key.GroupBy(h => h.Consumer))
            {
                Assert.Equal(consumer.Select(h => h.Value).Order(), consumer.Select(h => h.Value));
            }

            var firsts = key.Select(h => h.Value).Distinct().ToList();
            Assert.Equal(firsts.Order(), firsts);
        }

        // A record is handled twice only across the handover (the mock refuses commits while the group is joining,
        // so the new owner may restart from an older commit); never twice by one consumer.
        Assert.All(snapshot.GroupBy(h => h.Value).Where(g => g.Count() > 1), g => Assert.Equal(g.Count(), g.Select(h => h.Consumer).Distinct().Count()));
    }

    private static Task PublishAsync(KafkaMessageBus bus, BusTopic<int> topic, int from, int to) =>
        Parallel.ForEachAsync(Enumerable.Range(0, Keys), async (k, ct) =>
        {
            for (var value = from + k; value < to; value += Keys)
            {
                await bus.PublishAsync(topic, $"conv-{k}", value, ct);
            }
        });

    /// <summary>At least once: a record may come again after a failure, but the first time each key sees a value is in order.</summary>
    private static void AssertFirstDeliveriesInOrderPerKey(IEnumerable<(string Key, int Value)> handled)
    {
        foreach (var key in handled.GroupBy(h => h.Key))
        {
            var firsts = key.Select(h => h.Value).Distinct().ToList();
            Assert.Equal(firsts.Order(), firsts);
        }
    }
}
