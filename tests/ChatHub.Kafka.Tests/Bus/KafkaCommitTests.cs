using System.Collections.Concurrent;
using ChatHub.Conversation.Bus;
using ChatHub.Kafka.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChatHub.Kafka.Tests.Bus;

/// <summary>Offsets are committed only up to the lowest message still in flight, so unfinished work is redelivered.</summary>
public sealed class KafkaCommitTests(KafkaClusterFixture fixture, ITestOutputHelper output) : KafkaBusTestBase(fixture, output)
{
    private static readonly BusTopic<int> Numbers = new("commit.numbers");

    [Fact]
    public async Task Commit_SlowMessageAtLowOffset_HoldsTheWatermarkUntilItCompletes()
    {
        CreateTopic(Numbers.Name, partitions: 1);
        var bus = CreateBus();
        var group = NewGroup();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = new ConcurrentBag<int>();
        StartConsumer(bus, Numbers, group, async (m, ct) =>
        {
            if (m.Value == 3)
            {
                await gate.Task.WaitAsync(ct);
            }

            handled.Add(m.Value);
        });

        // One partition, a key per message: offsets 4..9 finish while offset 3 is still in its handler.
        for (var i = 0; i < 10; i++)
        {
            await bus.PublishAsync(Numbers, $"k{i}", i, CancellationToken.None).DefaultTimeout();
        }

        var loop = await WaitForConsumerAsync(bus, group, s => s.Dispatched == 10 && s.Outstanding == 1);
        await loop.CommitAsync(CancellationToken.None).DefaultTimeout();
        Assert.Equal([0, 1, 2, 4, 5, 6, 7, 8, 9], handled.Order());
        Assert.Equal(3, KafkaTestBus.Committed(Cluster, group, Prefix + Numbers.Name, 0));

        gate.SetResult();
        await loop.Statistics.WaitUntilAsync(s => s.Outstanding == 0, CancellationToken.None).DefaultTimeout();
        await loop.CommitAsync(CancellationToken.None).DefaultTimeout();
        Assert.Equal(10, KafkaTestBus.Committed(Cluster, group, Prefix + Numbers.Name, 0));
    }

    [Fact]
    public async Task Redelivery_ConsumerStoppedWithAHandlerUnfinished_NextConsumerOfTheGroupGetsItAgain()
    {
        CreateTopic(Numbers.Name, partitions: 1);
        var group = NewGroup();
        var first = CreateBus(o => o.Consumer.DrainTimeout = TimeSpan.FromMilliseconds(300));
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstHandled = new ConcurrentBag<int>();
        var (consumer, stop) = StartConsumer(first, Numbers, group, async (m, ct) =>
        {
            if (m.Value == 2)
            {
                try
                {
                    await new TaskCompletionSource().Task.WaitAsync(ct); // never finishes on its own
                }
                catch (OperationCanceledException)
                {
                    cancelled.TrySetResult();
                    throw;
                }
            }

            firstHandled.Add(m.Value);
        });

        for (var i = 0; i < 5; i++)
        {
            await first.PublishAsync(Numbers, $"k{i}", i, CancellationToken.None).DefaultTimeout();
        }

        await WaitForConsumerAsync(first, group, s => s.Dispatched == 5 && s.Outstanding == 1);
        await stop.CancelAsync();
        await consumer.DefaultTimeout(); // drain timeout: message 2 is abandoned, offsets committed below it
        await cancelled.Task.DefaultTimeout();
        Assert.Equal([0, 1, 3, 4], firstHandled.Order());
        Assert.Equal(2, KafkaTestBus.Committed(Cluster, group, Prefix + Numbers.Name, 0));

        var second = CreateBus();
        var secondHandled = new ConcurrentQueue<int>();
        var three = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        StartConsumer(second, Numbers, group, (m, ct) =>
        {
            secondHandled.Enqueue(m.Value);
            if (secondHandled.Count == 3)
            {
                three.TrySetResult();
            }

            return ValueTask.CompletedTask;
        });

        await three.Task.DefaultTimeout();
        // At least once: the unfinished message comes again (with what followed it); 0 and 1 do not.
        Assert.Equal([2, 3, 4], secondHandled.Order());
    }
}
