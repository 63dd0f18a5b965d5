using System.Collections.Concurrent;
using System.Diagnostics;
using ChatHub.Conversation.Bus;

namespace ChatHub.Kafka.Tests.Specs;

/// <summary>
/// The <see cref="IMessageBus"/> contract, run against every backend (in the style of aspnetcore's
/// ScaleoutHubLifetimeManagerTests): per-key order, no loss, parallel keys, publish completes only once accepted,
/// a throwing handler does not stall, stopping finishes in-flight work and loses nothing. Each test gets a fresh bus
/// and topic. Assertions are on counts and order, never on time.
/// </summary>
public abstract class MessageBusSpec : IAsyncLifetime
{
    private IMessageBus? _bus;

    protected IMessageBus Bus => _bus ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>The topic of this test (fresh per test).</summary>
    protected abstract BusTopic<int> Topic { get; }

    /// <summary>A consumer group of this test.</summary>
    protected string Group { get; } = "spec-" + Guid.NewGuid().ToString("N")[..8];

    protected abstract Task<IMessageBus> CreateBusAsync();

    /// <summary>Two keys that the backend handles independently (not in one ordered lane).</summary>
    protected abstract (string A, string B) IndependentKeys();

    /// <summary>Makes the bus unable to accept messages for <paramref name="key"/> until the handle is disposed.</summary>
    protected abstract Task<IAsyncDisposable> StopAcceptingAsync(string key);

    protected virtual int Keys => 20;

    protected virtual int MessagesPerKey => 50;

    public async Task InitializeAsync() => _bus = await CreateBusAsync();

    public virtual async Task DisposeAsync()
    {
        switch (_bus)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    [Fact]
    public async Task ConsumeAsync_ManyKeysPublishedInParallel_KeepsOrderPerKeyAndLosesNothing()
    {
        var total = Keys * MessagesPerKey;
        var seen = new ConcurrentDictionary<string, List<int>>();
        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        // Half is waiting before the consumer starts, half arrives while it runs.
        await PublishRangeAsync(0, MessagesPerKey / 2).DefaultTimeout();
        var consumer = Bus.ConsumeAsync(Topic, Group, async (m, ct) =>
        {
            var list = seen.GetOrAdd(m.Key, _ => []);
            lock (list)
            {
                list.Add(m.Value);
            }

            if (m.Value % 7 == 0)
            {
                await Task.Yield();
            }

            if (Interlocked.Increment(ref received) == total)
            {
                done.TrySetResult();
            }
        }, stop.Token);
        await PublishRangeAsync(MessagesPerKey / 2, MessagesPerKey).DefaultTimeout();

        await done.Task.DefaultTimeout();
        await stop.CancelAsync();
        await consumer.DefaultTimeout();

        Assert.Equal(Keys, seen.Count);
        Assert.All(seen.Values, list => Assert.Equal(Enumerable.Range(0, MessagesPerKey), list));
    }

    [Fact]
    public async Task ConsumeAsync_DifferentKeys_RunInParallel()
    {
        // The first key's handler blocks until the second key's handler has run.
        var (a, b) = IndependentKeys();
        var secondRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var consumer = Bus.ConsumeAsync(Topic, Group, async (m, ct) =>
        {
            if (m.Key == a)
            {
                await secondRan.Task.WaitAsync(ct);
                firstFinished.TrySetResult();
            }
            else
            {
                secondRan.TrySetResult();
            }
        }, stop.Token);

        await Bus.PublishAsync(Topic, a, 1, CancellationToken.None).DefaultTimeout();
        await Bus.PublishAsync(Topic, b, 2, CancellationToken.None).DefaultTimeout();

        await firstFinished.Task.DefaultTimeout();
        await stop.CancelAsync();
        await consumer.DefaultTimeout();
    }

    [Fact]
    public async Task PublishAsync_BusCannotAccept_CompletesOnlyOnceAccepted()
    {
        Task publish;
        await using (await StopAcceptingAsync("k").DefaultTimeout())
        {
            publish = Bus.PublishAsync(Topic, "k", 42, CancellationToken.None).AsTask();
            Assert.False(publish.IsCompleted); // not accepted: the publisher waits, nothing is dropped
        }

        var seen = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var consumer = Bus.ConsumeAsync(Topic, Group, (m, ct) =>
        {
            if (m.Value >= 0)
            {
                seen.TrySetResult(m.Value); // negative values are the backend's fillers
            }

            return ValueTask.CompletedTask;
        }, stop.Token);

        await publish.DefaultTimeout();
        Assert.Equal(42, await seen.Task.DefaultTimeout());
        await stop.CancelAsync();
        await consumer.DefaultTimeout();
    }

    [Fact]
    public async Task PublishAsync_Completed_ConsumerStartedLaterReceivesIt()
    {
        for (var i = 0; i < 10; i++)
        {
            await Bus.PublishAsync(Topic, $"k{i % 3}", i, CancellationToken.None).DefaultTimeout();
        }

        var received = new ConcurrentBag<int>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var consumer = Bus.ConsumeAsync(Topic, Group, (m, ct) =>
        {
            received.Add(m.Value);
            if (received.Count == 10)
            {
                all.TrySetResult();
            }

            return ValueTask.CompletedTask;
        }, stop.Token);

        await all.Task.DefaultTimeout();
        await stop.CancelAsync();
        await consumer.DefaultTimeout();
        Assert.Equal(Enumerable.Range(0, 10), received.Order());
    }

    [Fact]
    public async Task ConsumeAsync_HandlerThrows_LaterMessagesOfTheKeyStillHandled()
    {
        var handled = new List<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var consumer = Bus.ConsumeAsync(Topic, Group, (m, ct) =>
        {
            if (m.Value == 1)
            {
                throw new InvalidOperationException("poison");
            }

            lock (handled)
            {
                handled.Add(m.Value);
            }

            if (m.Value == 3)
            {
                done.TrySetResult();
            }

            return ValueTask.CompletedTask;
        }, stop.Token);

        for (var i = 1; i <= 3; i++)
        {
            await Bus.PublishAsync(Topic, "k", i, CancellationToken.None).DefaultTimeout();
        }

        await done.Task.DefaultTimeout();
        await stop.CancelAsync();
        await consumer.DefaultTimeout();
        Assert.Equal([2, 3], handled);
    }

    [Fact]
    public async Task ConsumeAsync_StoppedWhileHandling_FinishesInFlightWorkAndTheGroupLosesNothing()
    {
        for (var i = 0; i < 5; i++)
        {
            await Bus.PublishAsync(Topic, "k", i, CancellationToken.None).DefaultTimeout();
        }

        var first = new List<int>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopFirst = new CancellationTokenSource();
        var consumer = Bus.ConsumeAsync(Topic, Group, async (m, ct) =>
        {
            if (m.Value == 0)
            {
                started.TrySetResult();
                await gate.Task; // in flight when the stop comes; the drain lets it finish
            }

            lock (first)
            {
                first.Add(m.Value);
            }
        }, stopFirst.Token);

        await started.Task.DefaultTimeout();
        await stopFirst.CancelAsync();
        Assert.False(consumer.IsCompleted); // stopping waits for the handler in flight
        gate.SetResult();
        await consumer.DefaultTimeout();
        Assert.Equal(Enumerable.Range(0, first.Count), first); // finished what it started, in order

        // What the first consumer did not take, and what comes later, goes to the next consumer of the group.
        for (var i = 5; i < 10; i++)
        {
            await Bus.PublishAsync(Topic, "k", i, CancellationToken.None).DefaultTimeout();
        }

        var second = new List<int>();
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopSecond = new CancellationTokenSource();
        var next = Bus.ConsumeAsync(Topic, Group, (m, ct) =>
        {
            lock (second)
            {
                second.Add(m.Value);
            }

            if (m.Value == 9)
            {
                last.TrySetResult();
            }

            return ValueTask.CompletedTask;
        }, stopSecond.Token);
        await last.Task.DefaultTimeout();
        await stopSecond.CancelAsync();
        await next.DefaultTimeout();

        Assert.Equal(Enumerable.Range(0, 10), first.Concat(second));
    }

    [Fact]
    public async Task PublishAsync_InsideAnActivity_HandlerSeesItsTraceContext()
    {
        using var activity = new Activity("spec.publish").SetIdFormat(ActivityIdFormat.W3C).Start();
        await Bus.PublishAsync(Topic, "k", 1, CancellationToken.None).DefaultTimeout();
        activity.Stop();

        var headers = new TaskCompletionSource<IReadOnlyDictionary<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var consumer = Bus.ConsumeAsync(Topic, Group, (m, ct) =>
        {
            headers.TrySetResult(m.Headers);
            return ValueTask.CompletedTask;
        }, stop.Token);

        var received = await headers.Task.DefaultTimeout();
        await stop.CancelAsync();
        await consumer.DefaultTimeout();
        Assert.Equal(activity.Id, received[TraceHeaders.TraceParent]);
        Assert.Equal(activity.TraceId, TraceHeaders.Extract(received).TraceId);
    }

    private Task PublishRangeAsync(int from, int to) =>
        Parallel.ForEachAsync(Enumerable.Range(0, Keys), async (k, ct) =>
        {
            for (var i = from; i < to; i++)
            {
                await Bus.PublishAsync(Topic, $"conv-{k}", i, ct);
            }
        });
}
