using System.Text;
using System.Text.Json;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Telemetry;
using ChatHub.Kafka.Serialization;
using Confluent.Kafka;

namespace ChatHub.Kafka.Consuming;

/// <summary>
/// The workers (thread pool): one per key with queued work, taking the key's records in offset order. A record
/// that cannot be decoded, or whose handler throws, goes to the dead-letter topic and is then completed like any
/// other, so it never blocks its partition. A record whose partition was abandoned is not completed: it stays
/// uncommitted and is delivered again.
/// </summary>
internal sealed partial class KafkaConsumerLoop<T>
{
    private async Task RunKeyAsync(PartitionState partition, string key, WorkItem first)
    {
        var item = first;
        while (true)
        {
            if (!partition.IsAbandoned)
            {
                await ProcessAsync(item);
            }

            _dispatcher.Done(item); // frees its slot: the next parked record starts right here
            _completed.Set();
            if (!partition.TryTakeNext(key, out var next))
            {
                return;
            }

            item = next!;
        }
    }

    private async Task ProcessAsync(WorkItem item)
    {
        var token = item.Partition.Token;
        try
        {
            T value;
            try
            {
                value = _serializer.Deserialize<T>(item.Value);
            }
            catch (JsonException e)
            {
                Log.Undecodable(_logger, item.Partition.TopicPartition, item.Offset, e.Message);
                if (await DeadLetterAsync(item, $"Undecodable {typeof(T).Name}: {e.Message}", default, embedded: false, token))
                {
                    Complete(item);
                }

                return;
            }

            var message = new BusMessage<T>(item.Key, value, KafkaHeaders.ToDictionary(item.Headers), item.Timestamp);
            try
            {
                await _handler(message, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return; // abandoned (revoke or drain deadline): not completed, so delivered again
            }
            catch (Exception e)
            {
                // The hosted services retry and dead-letter themselves (RetryingHandler); reaching here means that
                // failed too. Never stall the partition: dead-letter it here.
                Log.HandlerFailed(_logger, item.Partition.TopicPartition, item.Offset, e);
                var embedded = value is InboundMessage or OutboundMessage;
                if (!await DeadLetterAsync(item, $"Handler failed: {e.GetType().Name}: {e.Message}", value, embedded, token))
                {
                    return;
                }
            }

            Complete(item);
        }
        catch (Exception e)
        {
            // Loop boundary of the worker. The record stays uncommitted (its partition stops advancing) rather than lost.
            Log.WorkerFailed(_logger, item.Partition.TopicPartition, item.Offset, e);
        }
    }

    /// <summary>Publishes the record to the dead-letter topic, retrying until acknowledged; false when abandoned first.</summary>
    private async Task<bool> DeadLetterAsync(WorkItem item, string reason, T? value, bool embedded, CancellationToken cancellationToken)
    {
        if (_isDeadLetterTopic)
        {
            Log.DeadLetterDropped(_logger, item.Partition.TopicPartition, item.Offset, reason);
            return true; // never dead-letter a dead letter: that would loop
        }

        var letter = new DeadLetter(
            item.Partition.LogicalTopic, item.Key, reason, _time.GetUtcNow(), value as InboundMessage, value as OutboundMessage);
        var headers = DeadLetterHeaders(item, reason, embedded);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _bus.PublishDeadLetterAsync(item.Key, letter, headers, cancellationToken);
                ChatHubTelemetry.DeadLetters.Add(1, new KeyValuePair<string, object?>("topic", item.Partition.LogicalTopic));
                Statistics.DeadLetter();
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 200 * Math.Pow(2, Math.Min(attempt - 1, 8))));
                Log.DeadLetterFailed(_logger, item.Partition.TopicPartition, item.Offset, attempt, delay, e.Message);
                try
                {
                    await Task.Delay(delay, _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }
        }
    }

    private Headers DeadLetterHeaders(WorkItem item, string reason, bool embedded)
    {
        var headers = new Headers();
        if (item.Headers is not null)
        {
            foreach (var header in item.Headers)
            {
                if (header.Key is TraceHeaders.TraceParent or TraceHeaders.TraceState or KafkaHeaders.MessageId)
                {
                    headers.Add(header.Key, header.GetValueBytes());
                }
            }
        }

        headers.Add(KafkaHeaders.SourceTopic, Encoding.UTF8.GetBytes(item.Partition.TopicPartition.Topic));
        headers.Add(KafkaHeaders.SourcePartition, Encoding.UTF8.GetBytes(item.Partition.TopicPartition.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        headers.Add(KafkaHeaders.SourceOffset, Encoding.UTF8.GetBytes(item.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        headers.Add(KafkaHeaders.Error, Encoding.UTF8.GetBytes(reason));
        if (!embedded && item.Value is { } original)
        {
            // The letter cannot carry what could not be decoded: keep the bytes, for inspection and replay.
            if (original.Length <= _options.Consumer.DeadLetterPayloadLimit)
            {
                headers.Add(KafkaHeaders.OriginalValue, original);
            }
            else
            {
                headers.Add(KafkaHeaders.OriginalValueOmitted, Encoding.UTF8.GetBytes(original.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        headers.Add(KafkaHeaders.ContentType, Encoding.UTF8.GetBytes(KafkaHeaders.Json));
        return headers;
    }
}
