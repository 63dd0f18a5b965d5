using Confluent.Kafka;

namespace ChatHub.Kafka.Consuming;

/// <summary>One consumed record on its way to the handler: raw bytes, decoded off the consume thread.</summary>
internal sealed class WorkItem
{
    public WorkItem(PartitionState partition, long offset, string key, ConsumeResult<byte[], byte[]> result)
    {
        Partition = partition;
        Offset = offset;
        Key = key;
        Value = result.Message.Value;
        Headers = result.Message.Headers;
        Timestamp = result.Message.Timestamp.Type == TimestampType.NotAvailable
            ? DateTimeOffset.UnixEpoch
            : DateTimeOffset.FromUnixTimeMilliseconds(result.Message.Timestamp.UnixTimestampMs);
    }

    public PartitionState Partition { get; }

    public long Offset { get; }

    public string Key { get; }

    public byte[]? Value { get; }

    public Headers? Headers { get; }

    public DateTimeOffset Timestamp { get; }
}
