using System.Collections.Concurrent;
using System.Threading.Channels;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Bus;

/// <summary>
/// The embedded bus: each topic is a set of bounded channels (partitions); a key always maps to the same
/// partition, and each partition has one consumer loop that runs up to
/// <see cref="InProcessBusOptions.MaxConcurrencyPerPartition"/> messages at once, one at a time per key, so a
/// conversation is handled in order while different conversations (even in one partition) run in parallel.
/// A full partition makes publishers wait; nothing is dropped. One consumer group per topic (there is one process).
/// </summary>
public sealed partial class InProcessMessageBus : IMessageBus, IDisposable
{
    private readonly ConcurrentDictionary<string, object> _topics = new(StringComparer.Ordinal);
    private readonly InProcessBusOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InProcessMessageBus> _logger;
    private readonly IDisposable _depthRegistration;

    public InProcessMessageBus(IOptions<InProcessBusOptions> options, TimeProvider time, ILogger<InProcessMessageBus> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _depthRegistration = ChatHubTelemetry.RegisterQueueDepth(() => _topics.Values.Cast<ITopicQueue>().Select(t => (t.Name, t.Depth)));
    }

    public void Dispose() => _depthRegistration.Dispose();

    public ValueTask PublishAsync<T>(BusTopic<T> topic, string key, T value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(key);
        var queue = GetQueue(topic);
        var message = new BusMessage<T>(key, value, TraceHeaders.Capture(), _time.GetUtcNow());
        var writer = queue.Partitions[Partitioner.PartitionOf(key, queue.Partitions.Length)].Writer;
        return writer.TryWrite(message) ? ValueTask.CompletedTask : writer.WriteAsync(message, cancellationToken);
    }

    public async Task ConsumeAsync<T>(
        BusTopic<T> topic,
        string consumerGroup,
        Func<BusMessage<T>, CancellationToken, ValueTask> handler,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(handler);
        var queue = GetQueue(topic);
        if (Interlocked.CompareExchange(ref queue.ConsumerGroup, consumerGroup, null) is { } existing)
        {
            throw new InvalidOperationException(
                $"Topic '{topic.Name}' already has consumer group '{existing}'; the in-process bus supports one consumer group per topic.");
        }

        try
        {
            using var drainDeadline = new CancellationTokenSource();
            await using var registration = cancellationToken.Register(() => drainDeadline.CancelAfter(_options.DrainTimeout));
            var loops = queue.Partitions.Select(p => Task.Run(
                () => ConsumePartitionAsync(topic.Name, p.Reader, handler, cancellationToken, drainDeadline.Token),
                CancellationToken.None));
            await Task.WhenAll(loops);
        }
        finally
        {
            Volatile.Write(ref queue.ConsumerGroup, null);
        }
    }

    /// <summary>
    /// One partition's consumer: reads messages in order and runs up to <see cref="InProcessBusOptions.MaxConcurrencyPerPartition"/>
    /// of them at once, one chain per key: a message whose key is busy waits behind it (order per key), other keys go
    /// ahead (a slow model call or a send waiting for its platform's budget holds up only its own conversation).
    /// Every message read holds a slot until handled, so a busy partition stops reading and publishers wait.
    /// </summary>
    private async Task ConsumePartitionAsync<T>(
        string topic,
        ChannelReader<BusMessage<T>> reader,
        Func<BusMessage<T>, CancellationToken, ValueTask> handler,
        CancellationToken stopping,
        CancellationToken drainDeadline)
    {
        var concurrency = _options.MaxConcurrencyPerPartition;
        using var slots = new SemaphoreSlim(concurrency, concurrency);
        var chains = new Dictionary<string, Queue<BusMessage<T>>>(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                await slots.WaitAsync(CancellationToken.None);
                BusMessage<T>? message;
                if (!reader.TryRead(out message))
                {
                    slots.Release();
                    if (stopping.IsCancellationRequested)
                    {
                        return; // drained
                    }

                    try
                    {
                        if (!await reader.WaitToReadAsync(stopping))
                        {
                            return;
                        }
                    }
                    catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                    {
                        continue; // one last TryRead pass drains what is left
                    }

                    continue;
                }

                if (drainDeadline.IsCancellationRequested)
                {
                    slots.Release();
                    LogDrainAbandoned(_logger, topic, reader.Count + 1);
                    return;
                }

                lock (chains)
                {
                    if (chains.TryGetValue(message.Key, out var waiting))
                    {
                        waiting.Enqueue(message); // its key is busy: runs after the ones before it
                        continue;
                    }

                    chains.Add(message.Key, new Queue<BusMessage<T>>());
                }

                _ = RunChainAsync(topic, message, chains, slots, handler, drainDeadline);
            }
        }
        finally
        {
            // Wait for the chains still running (they stop at the drain deadline).
            for (var i = 0; i < concurrency; i++)
            {
                await slots.WaitAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Handles a message, then the ones queued behind it for the same key, in order; one slot each.</summary>
    private async Task RunChainAsync<T>(
        string topic,
        BusMessage<T> message,
        Dictionary<string, Queue<BusMessage<T>>> chains,
        SemaphoreSlim slots,
        Func<BusMessage<T>, CancellationToken, ValueTask> handler,
        CancellationToken drainDeadline)
    {
        var abandoned = false;
        while (true)
        {
            if (!abandoned)
            {
                try
                {
                    await handler(message, drainDeadline);
                }
                catch (OperationCanceledException) when (drainDeadline.IsCancellationRequested)
                {
                    abandoned = true;
                }
                catch (Exception ex)
                {
                    // Loop boundary: a failing handler never stops the partition.
                    LogHandlerFailed(_logger, topic, ex);
                }
            }

            int dropped;
            lock (chains)
            {
                var waiting = chains[message.Key];
                if (!abandoned && waiting.TryDequeue(out var next))
                {
                    message = next;
                    slots.Release();
                    continue;
                }

                dropped = waiting.Count;
                chains.Remove(message.Key);
                slots.Release(dropped + 1);
            }

            if (abandoned)
            {
                LogDrainAbandoned(_logger, topic, dropped + 1);
            }

            return;
        }
    }

    private TopicQueue<T> GetQueue<T>(BusTopic<T> topic) =>
        (TopicQueue<T>)_topics.GetOrAdd(topic.Name, static (name, o) => new TopicQueue<T>(name, o), _options);

    private interface ITopicQueue
    {
        string Name { get; }

        long Depth { get; }
    }

    private sealed class TopicQueue<T> : ITopicQueue
    {
        public TopicQueue(string name, InProcessBusOptions options)
        {
            Name = name;
            Partitions = new Channel<BusMessage<T>>[options.Partitions];
            for (var i = 0; i < Partitions.Length; i++)
            {
                Partitions[i] = Channel.CreateBounded<BusMessage<T>>(new BoundedChannelOptions(options.PartitionCapacity)
                {
                    FullMode = BoundedChannelFullMode.Wait,
                    SingleReader = true,
                });
            }
        }

        public string? ConsumerGroup;

        public string Name { get; }

        public Channel<BusMessage<T>>[] Partitions { get; }

        public long Depth => Partitions.Sum(p => (long)p.Reader.Count);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Handler for topic {Topic} failed; the message was skipped")]
    private static partial void LogHandlerFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Drain timeout on topic {Topic}: {Count} queued messages were not handled")]
    private static partial void LogDrainAbandoned(ILogger logger, string topic, int count);
}
