using System.Collections.Concurrent;
using System.Threading.Channels;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Bus;

/// <summary>
/// The embedded bus: each topic is a set of bounded channels (partitions); a key always maps to the same
/// partition, and each partition has one consumer loop, so a conversation is handled in order while
/// different conversations run in parallel. A full partition makes publishers wait; nothing is dropped.
/// One consumer group per topic (there is one process).
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

    private async Task ConsumePartitionAsync<T>(
        string topic,
        ChannelReader<BusMessage<T>> reader,
        Func<BusMessage<T>, CancellationToken, ValueTask> handler,
        CancellationToken stopping,
        CancellationToken drainDeadline)
    {
        while (true)
        {
            BusMessage<T>? message;
            if (!reader.TryRead(out message))
            {
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
                LogDrainAbandoned(_logger, topic, reader.Count + 1);
                return;
            }

            try
            {
                await handler(message, drainDeadline);
            }
            catch (OperationCanceledException) when (drainDeadline.IsCancellationRequested)
            {
                LogDrainAbandoned(_logger, topic, reader.Count + 1);
                return;
            }
            catch (Exception ex)
            {
                // Loop boundary: a failing handler never stops the partition.
                LogHandlerFailed(_logger, topic, ex);
            }
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
