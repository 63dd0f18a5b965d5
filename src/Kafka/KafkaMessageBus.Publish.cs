using System.Text;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Kafka.Configuration;
using ChatHub.Kafka.Health;
using ChatHub.Kafka.Serialization;
using Confluent.Kafka;

namespace ChatHub.Kafka;

/// <summary>Publishing: one shared idempotent producer; a publish completes on the broker's acknowledgement.</summary>
public sealed partial class KafkaMessageBus
{
    private readonly Lock _producerGate = new();
    private IProducer<byte[], byte[]>? _producer;
    private readonly List<Task> _retiring = [];
    private volatile bool _producerFailed;

    public async ValueTask PublishAsync<T>(BusTopic<T> topic, string key, T value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(key);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var bytes = _serializer.Serialize(value);
        var logical = _topology.PublishLane(topic, value);
        EnsureLibrary();
        await _provisioner.EnsureAsync([logical], cancellationToken);
        var message = new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(key),
            Value = bytes,
            Headers = KafkaHeaders.ForPublish(value),
            Timestamp = new Timestamp(_time.GetUtcNow()),
        };
        await ProduceAsync(_topology.Physical(logical), message, cancellationToken);
    }

    /// <summary>Publishes a dead letter with the consumer's headers (source position, error, original bytes).</summary>
    internal async Task PublishDeadLetterAsync(string key, DeadLetter letter, Headers headers, CancellationToken cancellationToken)
    {
        var logical = Topics.DeadLetters.Name;
        await _provisioner.EnsureAsync([logical], cancellationToken);
        var message = new Message<byte[], byte[]>
        {
            Key = Encoding.UTF8.GetBytes(key),
            Value = _serializer.Serialize(letter),
            Headers = headers,
            Timestamp = new Timestamp(_time.GetUtcNow()),
        };
        await ProduceAsync(_topology.Physical(logical), message, cancellationToken);
    }

    private async Task ProduceAsync(string topic, Message<byte[], byte[]> message, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var producer = Producer();
            try
            {
                await producer.ProduceAsync(topic, message, cancellationToken);
                return;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // The local queue is full: wait for it to drain (backpressure), never drop.
                Log.QueueFull(_logger, topic);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 10 * attempt)), _time, cancellationToken);
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.IsFatal && attempt == 1)
            {
                // A fatal idempotence error poisons the producer: replace it and retry once (at least once; ids dedupe).
                ReplaceProducer(producer);
            }
            catch (ProduceException<byte[], byte[]> e)
            {
                throw new KafkaPublishException(topic, e.Error.Code.ToString(), e.Error.Reason, e);
            }
        }
    }

    private IProducer<byte[], byte[]> Producer()
    {
        if (_producerFailed && _producer is { } failed)
        {
            ReplaceProducer(failed);
        }

        if (_producer is { } producer)
        {
            return producer;
        }

        lock (_producerGate)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (_producer is null)
            {
                var detector = StuckPartitionDetector.For(_options, _time, consumer: false);
                _producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.Producer(_options))
                    .SetErrorHandler((_, error) => ReportClientError("producer", error))
                    .SetLogHandler((_, message) => Log.Librdkafka(_logger, message))
                    .SetStatisticsHandler((stuck, statistics) =>
                    {
                        // The producer's poll thread, one report at a time.
                        if (detector?.Observe(statistics) is { } partition)
                        {
                            RetireProducer(stuck, partition);
                        }
                    })
                    .Build();
            }

            return _producer;
        }
    }

    /// <summary>Tests: retires the current producer as a stuck partition would.</summary>
    internal void RetireProducer(StuckPartition because)
    {
        if (_producer is { } producer)
        {
            RetireProducer(producer, because);
        }
    }

    /// <summary>
    /// A partition is stuck away from its leader (<see cref="StuckPartitionDetector"/>): later publishes go to a new
    /// producer; the old one delivers what it can (a publish to the stuck partition fails after the delivery timeout,
    /// and its caller retries) and is disposed off this thread.
    /// </summary>
    private void RetireProducer(IProducer<byte[], byte[]> stuck, StuckPartition partition)
    {
        lock (_producerGate)
        {
            if (!ReferenceEquals(_producer, stuck))
            {
                return;
            }

            _producer = null;
            Log.ProducerReplaced(_logger, partition.ToString());
            _retiring.Add(Task.Run(() =>
            {
                try
                {
                    stuck.Flush(_options.Producer.DeliveryTimeout);
                }
                catch (KafkaException e)
                {
                    Log.ClientError(_logger, "producer", e.Error.Code, e.Error.Reason);
                }

                stuck.Dispose();
            }));
            _retiring.RemoveAll(t => t.IsCompleted);
        }
    }

    private void ReplaceProducer(IProducer<byte[], byte[]> failed)
    {
        lock (_producerGate)
        {
            if (!ReferenceEquals(_producer, failed))
            {
                return;
            }

            _producer = null;
            _producerFailed = false;
        }

        _ = Task.Run(failed.Dispose);
    }

    private void DisposeProducer(bool flush)
    {
        IProducer<byte[], byte[]>? producer;
        Task[] retiring;
        lock (_producerGate)
        {
            producer = _producer;
            _producer = null;
            retiring = [.. _retiring];
        }

        // Replaced producers still delivering (bounded by their own flush).
        Task.WaitAll(retiring);

        if (producer is null)
        {
            return;
        }

        if (flush)
        {
            producer.Flush(_options.Producer.DeliveryTimeout);
        }

        producer.Dispose();
    }
}
