using System.Collections.Concurrent;
using ChatHub.Conversation.Bus;
using Partitioner = ChatHub.Conversation.Bus.Partitioner;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Bus;

public sealed class InProcessMessageBusTests
{
    private static readonly BusTopic<int> Numbers = new("test.numbers");

    private static InProcessMessageBus CreateBus(int partitions = 8, int capacity = 64) =>
        new(Options.Create(new InProcessBusOptions { Partitions = partitions, PartitionCapacity = capacity, DrainTimeout = TimeSpan.FromSeconds(5) }),
            TimeProvider.System, NullLogger<InProcessMessageBus>.Instance);

    [Fact]
    public async Task ConsumeAsync_ManyKeysPublishedInParallel_KeepsOrderPerKeyAndLosesNothing()
    {
        using var bus = CreateBus();
        const int keys = 50, perKey = 200;
        var seen = new ConcurrentDictionary<string, List<int>>();
        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var consumer = bus.ConsumeAsync(Numbers, "g", async (m, ct) =>
        {
            seen.GetOrAdd(m.Key, _ => []).Add(m.Value); // one consumer per key at a time: no lock needed per list
            if (m.Value % 7 == 0)
            {
                await Task.Yield();
            }

            if (Interlocked.Increment(ref received) == keys * perKey)
            {
                done.SetResult();
            }
        }, stop.Token);

        await Parallel.ForEachAsync(Enumerable.Range(0, keys), async (k, ct) =>
        {
            for (var i = 0; i < perKey; i++)
            {
                await bus.PublishAsync(Numbers, $"conv-{k}", i, ct);
            }
        }).DefaultTimeout();

        await done.Task.DefaultTimeout();
        stop.Cancel();
        await consumer.DefaultTimeout();

        Assert.Equal(keys, seen.Count);
        Assert.All(seen.Values, list => Assert.Equal(Enumerable.Range(0, perKey), list));
    }

    [Fact]
    public async Task ConsumeAsync_DifferentKeys_RunInParallel()
    {
        using var bus = CreateBus(partitions: 16);
        // Two keys in different partitions: the first handler blocks until the second has run.
        var (a, b) = KeysInDifferentPartitions(16);
        var secondRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var consumer = bus.ConsumeAsync(Numbers, "g", async (m, ct) =>
        {
            if (m.Key == a)
            {
                await secondRan.Task.WaitAsync(ct);
                firstFinished.SetResult();
            }
            else
            {
                secondRan.SetResult();
            }
        }, stop.Token);

        await bus.PublishAsync(Numbers, a, 1, CancellationToken.None).DefaultTimeout();
        await bus.PublishAsync(Numbers, b, 2, CancellationToken.None).DefaultTimeout();

        await firstFinished.Task.DefaultTimeout();
        stop.Cancel();
        await consumer.DefaultTimeout();
    }

    [Fact]
    public async Task ConsumeAsync_TwoKeysInOnePartition_RunConcurrentlyWhileEachKeyStaysInOrder()
    {
        using var bus = CreateBus(partitions: 1);
        var bRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new ConcurrentQueue<string>();
        var inFlightA = 0;
        var maxInFlightA = 0;
        using var stop = new CancellationTokenSource();
        var consumer = bus.ConsumeAsync(Numbers, "g", async (m, ct) =>
        {
            if (m.Key == "a")
            {
                var now = Interlocked.Increment(ref inFlightA);
                InterlockedMax(ref maxInFlightA, now);
                if (m.Value == 1)
                {
                    await bRan.Task.WaitAsync(ct); // a1 cannot finish until b1, behind it in the partition, has run
                }

                order.Enqueue($"a{m.Value}");
                Interlocked.Decrement(ref inFlightA);
                if (m.Value == 3)
                {
                    done.SetResult();
                }
            }
            else
            {
                order.Enqueue($"b{m.Value}");
                bRan.SetResult();
            }
        }, stop.Token);

        await bus.PublishAsync(Numbers, "a", 1, CancellationToken.None).DefaultTimeout();
        await bus.PublishAsync(Numbers, "a", 2, CancellationToken.None).DefaultTimeout();
        await bus.PublishAsync(Numbers, "b", 1, CancellationToken.None).DefaultTimeout();
        await bus.PublishAsync(Numbers, "a", 3, CancellationToken.None).DefaultTimeout();

        await done.Task.DefaultTimeout();
        stop.Cancel();
        await consumer.DefaultTimeout();
        Assert.Equal(["b1", "a1", "a2", "a3"], order);
        Assert.Equal(1, maxInFlightA); // never two messages of one key at once
    }

    [Fact]
    public async Task ConsumeAsync_OneMessageAtATimePerPartition_SecondKeyWaitsForTheFirst()
    {
        using var bus = new InProcessMessageBus(
            Options.Create(new InProcessBusOptions { Partitions = 1, MaxConcurrencyPerPartition = 1 }),
            TimeProvider.System, NullLogger<InProcessMessageBus>.Instance);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var consumer = bus.ConsumeAsync(Numbers, "g", async (m, ct) =>
        {
            if (m.Key == "a")
            {
                await release.Task.WaitAsync(ct);
            }

            order.Enqueue(m.Key);
            if (m.Key == "b")
            {
                done.SetResult();
            }
        }, stop.Token);

        await bus.PublishAsync(Numbers, "a", 1, CancellationToken.None).DefaultTimeout();
        await bus.PublishAsync(Numbers, "b", 1, CancellationToken.None).DefaultTimeout();
        release.SetResult();

        await done.Task.DefaultTimeout();
        stop.Cancel();
        await consumer.DefaultTimeout();
        Assert.Equal(["a", "b"], order);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    [Fact]
    public async Task PublishAsync_PartitionFull_WaitsInsteadOfDropping()
    {
        using var bus = CreateBus(partitions: 1, capacity: 2);
        await bus.PublishAsync(Numbers, "k", 1, CancellationToken.None).DefaultTimeout();
        await bus.PublishAsync(Numbers, "k", 2, CancellationToken.None).DefaultTimeout();

        var third = bus.PublishAsync(Numbers, "k", 3, CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted); // backpressure: the publisher waits

        var received = new List<int>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var consumer = bus.ConsumeAsync(Numbers, "g", (m, ct) =>
        {
            lock (received)
            {
                received.Add(m.Value);
                if (received.Count == 3)
                {
                    all.SetResult();
                }
            }

            return ValueTask.CompletedTask;
        }, stop.Token);

        await third.DefaultTimeout();
        await all.Task.DefaultTimeout();
        stop.Cancel();
        await consumer.DefaultTimeout();
        Assert.Equal([1, 2, 3], received);
    }

    [Fact]
    public async Task ConsumeAsync_HandlerThrows_NextMessagesStillHandled()
    {
        using var bus = CreateBus(partitions: 1);
        var handled = new List<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var consumer = bus.ConsumeAsync(Numbers, "g", (m, ct) =>
        {
            if (m.Value == 1)
            {
                throw new InvalidOperationException("poison");
            }

            handled.Add(m.Value);
            if (m.Value == 3)
            {
                done.SetResult();
            }

            return ValueTask.CompletedTask;
        }, stop.Token);

        for (var i = 1; i <= 3; i++)
        {
            await bus.PublishAsync(Numbers, "k", i, CancellationToken.None).DefaultTimeout();
        }

        await done.Task.DefaultTimeout();
        stop.Cancel();
        await consumer.DefaultTimeout();
        Assert.Equal([2, 3], handled);
    }

    [Fact]
    public async Task ConsumeAsync_StoppedWithQueuedMessages_DrainsThem()
    {
        using var bus = CreateBus(partitions: 2);
        for (var i = 0; i < 20; i++)
        {
            await bus.PublishAsync(Numbers, $"k{i % 4}", i, CancellationToken.None).DefaultTimeout();
        }

        var handled = 0;
        using var stop = new CancellationTokenSource();
        stop.Cancel(); // shutdown already requested: the consumer still drains what was accepted
        await bus.ConsumeAsync(Numbers, "g", (m, ct) =>
        {
            Interlocked.Increment(ref handled);
            return ValueTask.CompletedTask;
        }, stop.Token).DefaultTimeout();

        Assert.Equal(20, handled);
    }

    [Fact]
    public async Task ConsumeAsync_SecondConsumerGroup_Throws()
    {
        using var bus = CreateBus();
        using var stop = new CancellationTokenSource();
        var first = bus.ConsumeAsync(Numbers, "g1", (_, _) => ValueTask.CompletedTask, stop.Token);
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => bus.ConsumeAsync(Numbers, "g2", (_, _) => ValueTask.CompletedTask, stop.Token)).DefaultTimeout();
        stop.Cancel();
        await first.DefaultTimeout();
    }

    [Theory]
    [InlineData("webchat:chathub:abc", 16)]
    [InlineData("telegram:bot:-100123", 3)]
    public void PartitionOf_SameKey_IsStableAndInRange(string key, int partitions)
    {
        var p = Partitioner.PartitionOf(key, partitions);
        Assert.InRange(p, 0, partitions - 1);
        Assert.Equal(p, Partitioner.PartitionOf(key, partitions));
    }

    private static (string A, string B) KeysInDifferentPartitions(int partitions)
    {
        var a = "key-0";
        for (var i = 1; ; i++)
        {
            var b = $"key-{i}";
            if (Partitioner.PartitionOf(a, partitions) != Partitioner.PartitionOf(b, partitions))
            {
                return (a, b);
            }
        }
    }
}
