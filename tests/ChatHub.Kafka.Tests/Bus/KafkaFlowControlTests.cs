using System.Collections.Concurrent;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Kafka.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChatHub.Kafka.Tests.Bus;

/// <summary>Backpressure (pause when saturated, resume when drained) and the priority lane, asserted as counts.</summary>
public sealed class KafkaFlowControlTests(KafkaClusterFixture fixture, ITestOutputHelper output) : KafkaBusTestBase(fixture, output)
{
    [Fact]
    public async Task Consume_HandlersSaturated_PausesAtMaxInFlightAndLosesNothing()
    {
        var numbers = new BusTopic<int>("flow.numbers");
        CreateTopic(numbers.Name, partitions: 4);
        var bus = CreateBus(o =>
        {
            o.Consumer.MaxInFlight = 8;
            o.Consumer.MaxBuffered = 32;
        });
        var group = NewGroup();
        const int keys = 40, perKey = 4;
        for (var i = 0; i < keys * perKey; i++)
        {
            await bus.PublishAsync(numbers, $"conv-{i % keys}", i, CancellationToken.None).DefaultTimeout();
        }

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var maxRunning = 0;
        var seen = new ConcurrentDictionary<string, ConcurrentQueue<int>>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var total = 0;
        StartConsumer(bus, numbers, group, async (m, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await gate.Task;
            Interlocked.Decrement(ref running);
            seen.GetOrAdd(m.Key, _ => new()).Enqueue(m.Value);
            if (Interlocked.Increment(ref total) == keys * perKey)
            {
                all.TrySetResult();
            }
        });

        // Saturated: 8 in flight, 32 waiting, every partition paused; nothing more is taken while the handlers are stuck.
        var loop = await WaitForConsumerAsync(bus, group, s => s.Outstanding == 8 && s.ParkedInteractive >= 32 && s.Pauses > 0);
        gate.SetResult();
        await all.Task.DefaultTimeout();

        Assert.Equal(8, loop.Statistics.MaxOutstanding);
        Assert.InRange(maxRunning, 1, 8);
        Assert.True(loop.Statistics.Resumes > 0);
        Assert.Equal(keys, seen.Count);
        Assert.All(seen.Values, values => Assert.Equal(values.Order(), values)); // in order per key
        Assert.Equal(keys * perKey, seen.Values.Sum(v => v.Count));
    }

    [Fact]
    public async Task PriorityLane_BulkFlood_InteractiveMessagesHandledWhileBulkHoldsOnlyItsShare()
    {
        var inbound = new BusTopic<InboundMessage>("lane.inbound");
        CreateTopic(inbound.Name, partitions: 2);
        CreateTopic(inbound.Name + ".bulk", partitions: 2);
        // 8 in flight, weights 3:1 → bulk may hold 2.
        var bus = CreateBus(o =>
        {
            o.Consumer.MaxInFlight = 8;
            o.Priority.InteractiveWeight = 3;
            o.Priority.BulkWeight = 1;
        });
        var group = NewGroup();
        const int bulkCount = 200, interactiveCount = 20;
        var bulkMessages = Enumerable.Range(0, bulkCount)
            .Select(i => TestMessages.Inbound($"group-{i % 10}", $"bulk {i}", MessagePriority.Bulk, ChannelNames.Telegram)).ToList();
        await Parallel.ForEachAsync(bulkMessages.GroupBy(m => m.Conversation.Key), async (conversation, ct) =>
        {
            foreach (var message in conversation)
            {
                await bus.PublishAsync(inbound, message.Conversation.Key, message, ct);
            }
        }).DefaultTimeout();

        var bulkGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bulkStarted = 0;
        var bulkHandled = new ConcurrentQueue<InboundMessage>();
        var interactiveHandled = new ConcurrentQueue<InboundMessage>();
        var interactiveDone = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bulkDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        StartConsumer(bus, inbound, group, async (m, ct) =>
        {
            if (m.Value.Priority == MessagePriority.Bulk)
            {
                Interlocked.Increment(ref bulkStarted);
                await bulkGate.Task;
                bulkHandled.Enqueue(m.Value);
                if (bulkHandled.Count == bulkCount)
                {
                    bulkDone.TrySetResult();
                }

                return;
            }

            interactiveHandled.Enqueue(m.Value);
            if (interactiveHandled.Count == interactiveCount)
            {
                interactiveDone.TrySetResult(Volatile.Read(ref bulkStarted));
            }
        });

        // The flood is there and stuck: the bulk lane holds its share, the rest of the flood waits behind it.
        var loop = await WaitForConsumerAsync(bus, group, s => s.BulkOutstanding == 2 && s.ParkedBulk > 0);
        var interactive = Enumerable.Range(0, interactiveCount).Select(i => TestMessages.Inbound($"dm-{i % 5}", $"hi {i}")).ToList();
        foreach (var message in interactive)
        {
            await bus.PublishAsync(inbound, message.Conversation.Key, message, CancellationToken.None).DefaultTimeout();
        }

        // Every private message is answered while no more than the bulk share of the 200 bulk messages has started.
        var bulkStartedMeanwhile = await interactiveDone.Task.DefaultTimeout();
        Assert.InRange(bulkStartedMeanwhile, 1, 2);
        Assert.Empty(bulkHandled);

        bulkGate.SetResult();
        await bulkDone.Task.DefaultTimeout();
        Assert.Equal(2, loop.Statistics.MaxBulkOutstanding);
        Assert.Equal(bulkMessages.Select(m => m.Id).Order(), bulkHandled.Select(m => m.Id).Order());
        Assert.Equal(interactive.Select(m => m.Id).Order(), interactiveHandled.Select(m => m.Id).Order());
        AssertInOrderPerConversation(bulkMessages, bulkHandled);
        AssertInOrderPerConversation(interactive, interactiveHandled);
    }

    private static void AssertInOrderPerConversation(List<InboundMessage> published, IEnumerable<InboundMessage> handled)
    {
        foreach (var conversation in published.GroupBy(m => m.Conversation.Key))
        {
            Assert.Equal(conversation.Select(m => m.Id), handled.Where(m => m.Conversation.Key == conversation.Key).Select(m => m.Id));
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }
}
