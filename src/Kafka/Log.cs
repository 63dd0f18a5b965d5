using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace ChatHub.Kafka;

/// <summary>The Kafka bus's log events (ids 5600–5699). Never message text or configuration secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5600, Level = LogLevel.Information, Message = "Kafka bus on {BootstrapServers} (client {ClientId}, librdkafka {Version})")]
    public static partial void BusStarted(ILogger logger, string bootstrapServers, string clientId, string version);

    [LoggerMessage(EventId = 5601, Level = LogLevel.Information, Message = "Consumer of {Topics} in group {Group} started")]
    public static partial void ConsumerStarted(ILogger logger, string topics, string group);

    [LoggerMessage(EventId = 5602, Level = LogLevel.Information, Message = "Consumer of {Topic} in group {Group} stopped")]
    public static partial void ConsumerStopped(ILogger logger, string topic, string group);

    [LoggerMessage(EventId = 5603, Level = LogLevel.Information, Message = "Consumer of {Topic} in group {Group}: {Count} partitions assigned ({Total} in all)")]
    public static partial void PartitionsAssigned(ILogger logger, string topic, string group, int count, int total);

    [LoggerMessage(EventId = 5604, Level = LogLevel.Information, Message = "Consumer of {Topic} in group {Group}: {Count} partitions revoked ({Total} left)")]
    public static partial void PartitionsRevoked(ILogger logger, string topic, string group, int count, int total);

    [LoggerMessage(EventId = 5605, Level = LogLevel.Warning, Message = "Consumer of {Topic} in group {Group}: {Count} partitions lost; {Abandoned} in-flight messages abandoned (they will be redelivered)")]
    public static partial void PartitionsLost(ILogger logger, string topic, string group, int count, int abandoned);

    [LoggerMessage(EventId = 5606, Level = LogLevel.Warning, Message = "Consumer of {Topic} in group {Group}: revoke timeout, {Count} in-flight messages abandoned (they will be redelivered)")]
    public static partial void RevokeAbandoned(ILogger logger, string topic, string group, int count);

    [LoggerMessage(EventId = 5607, Level = LogLevel.Warning, Message = "Consumer of {Topic} in group {Group}: drain timeout, {Count} in-flight messages abandoned (they will be redelivered)")]
    public static partial void DrainAbandoned(ILogger logger, string topic, string group, int count);

    [LoggerMessage(EventId = 5608, Level = LogLevel.Error, Message = "Handler failed for {Partition} at offset {Offset}; dead-lettering the message")]
    public static partial void HandlerFailed(ILogger logger, TopicPartition partition, long offset, Exception exception);

    [LoggerMessage(EventId = 5609, Level = LogLevel.Error, Message = "Undecodable record in {Partition} at offset {Offset} ({Error}); dead-lettering it")]
    public static partial void Undecodable(ILogger logger, TopicPartition partition, long offset, string error);

    [LoggerMessage(EventId = 5610, Level = LogLevel.Warning, Message = "Dead-lettering the record in {Partition} at offset {Offset} failed (attempt {Attempt}: {Error}); retrying in {Delay}")]
    public static partial void DeadLetterFailed(ILogger logger, TopicPartition partition, long offset, int attempt, TimeSpan delay, string error);

    [LoggerMessage(EventId = 5611, Level = LogLevel.Error, Message = "Dead letter in {Partition} at offset {Offset} could not be handled and was skipped: {Reason}")]
    public static partial void DeadLetterDropped(ILogger logger, TopicPartition partition, long offset, string reason);

    [LoggerMessage(EventId = 5612, Level = LogLevel.Critical, Message = "Worker failed unexpectedly on {Partition} at offset {Offset}; the record stays uncommitted")]
    public static partial void WorkerFailed(ILogger logger, TopicPartition partition, long offset, Exception exception);

    [LoggerMessage(EventId = 5613, Level = LogLevel.Warning, Message = "Consumer of {Topic} in group {Group}: {Code}: {Reason}")]
    public static partial void ConsumeError(ILogger logger, string topic, string group, ErrorCode code, string reason);

    [LoggerMessage(EventId = 5614, Level = LogLevel.Critical, Message = "Consumer of {Topic} in group {Group} failed fatally: {Code}: {Reason}")]
    public static partial void ConsumerFatal(ILogger logger, string topic, string group, ErrorCode code, string reason);

    [LoggerMessage(EventId = 5615, Level = LogLevel.Warning, Message = "Closing the consumer of {Topic} in group {Group} failed: {Code}: {Reason}")]
    public static partial void CloseFailed(ILogger logger, string topic, string group, ErrorCode code, string reason);

    [LoggerMessage(EventId = 5616, Level = LogLevel.Warning, Message = "Committing offsets of {Topic} in group {Group} failed: {Code}: {Reason}")]
    public static partial void CommitFailed(ILogger logger, string topic, string group, ErrorCode code, string reason);

    [LoggerMessage(EventId = 5617, Level = LogLevel.Warning, Message = "Storing offset {Offset} of {Partition} failed: {Code}")]
    public static partial void StoreFailed(ILogger logger, TopicPartition partition, long offset, ErrorCode code);

    [LoggerMessage(EventId = 5618, Level = LogLevel.Debug, Message = "{Topic}: paused {Count} partitions ({Outstanding} in flight, {Bulk} bulk)")]
    public static partial void Paused(ILogger logger, string topic, int count, int outstanding, int bulk);

    [LoggerMessage(EventId = 5619, Level = LogLevel.Debug, Message = "{Topic}: resumed {Count} partitions ({Outstanding} in flight, {Bulk} bulk)")]
    public static partial void Resumed(ILogger logger, string topic, int count, int outstanding, int bulk);

    [LoggerMessage(EventId = 5620, Level = LogLevel.Warning, Message = "{Topic}: pause or resume failed: {Code}")]
    public static partial void PauseFailed(ILogger logger, string topic, ErrorCode code);

    [LoggerMessage(EventId = 5621, Level = LogLevel.Warning, Message = "{Partition} went back to offset {Offset} (offset reset); in-flight work of it is abandoned")]
    public static partial void PositionReset(ILogger logger, TopicPartition partition, long offset);

    [LoggerMessage(EventId = 5622, Level = LogLevel.Critical, Message = "Rebalance callback of {Topic} in group {Group} failed")]
    public static partial void RebalanceFailed(ILogger logger, string topic, string group, Exception exception);

    [LoggerMessage(EventId = 5623, Level = LogLevel.Error, Message = "Consume loop of {Topic} in group {Group} failed; retrying")]
    public static partial void LoopFailed(ILogger logger, string topic, string group, Exception exception);

    [LoggerMessage(EventId = 5624, Level = LogLevel.Warning, Message = "Consumer of {Topic} in group {Group} replaced by a new client: partition {Stuck} (librdkafka keeps it away from its leader; it would never be consumed again)")]
    public static partial void ConsumerReplaced(ILogger logger, string topic, string group, string stuck);

    [LoggerMessage(EventId = 5630, Level = LogLevel.Warning, Message = "Kafka {Client} error {Code}: {Reason}")]
    public static partial void ClientError(ILogger logger, string client, ErrorCode code, string reason);

    [LoggerMessage(EventId = 5631, Level = LogLevel.Critical, Message = "Kafka {Client} fatal error {Code}: {Reason}; the client is replaced")]
    public static partial void ClientFatal(ILogger logger, string client, ErrorCode code, string reason);

    [LoggerMessage(EventId = 5632, Level = LogLevel.Debug, Message = "Producer queue full; publish to {Topic} waits")]
    public static partial void QueueFull(ILogger logger, string topic);

    [LoggerMessage(EventId = 5633, Level = LogLevel.Warning, Message = "Producer replaced by a new one: partition {Stuck} (librdkafka keeps it away from its leader; publishes to it would fail until the process restarts); the old one delivers what it can first")]
    public static partial void ProducerReplaced(ILogger logger, string stuck);

    [LoggerMessage(EventId = 5640, Level = LogLevel.Information, Message = "Created topic {Topic} ({Partitions} partitions, replication factor {ReplicationFactor}, retention.ms {RetentionMs})")]
    public static partial void TopicCreated(ILogger logger, string topic, int partitions, short replicationFactor, string retentionMs);

    [LoggerMessage(EventId = 5641, Level = LogLevel.Error, Message = "Creating topic {Topic} failed: {Code}: {Reason}")]
    public static partial void TopicCreateFailed(ILogger logger, string topic, ErrorCode code, string reason);

    [LoggerMessage(EventId = 5642, Level = LogLevel.Warning, Message = "Checking topics failed ({Code}: {Reason}); checking again on a later use")]
    public static partial void TopicCheckFailed(ILogger logger, ErrorCode code, string reason);

    [LoggerMessage(EventId = 5643, Level = LogLevel.Error, Message = "Topics missing and Kafka:CreateTopics is off: {Topics}")]
    public static partial void TopicsMissing(ILogger logger, string topics);

    [LoggerMessage(EventId = 5690, Message = "librdkafka {Facility} ({Client}): {Text}")]
    private static partial void Librdkafka(ILogger logger, LogLevel level, string facility, string client, string text);

    /// <summary>librdkafka's own log lines, at the matching level (its Info and Debug are Debug and Trace here).</summary>
    public static void Librdkafka(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice => LogLevel.Information,
            SyslogLevel.Info => LogLevel.Debug,
            _ => LogLevel.Trace,
        };
        Librdkafka(logger, level, message.Facility, message.Name, message.Message);
    }
}
