using System.ComponentModel.DataAnnotations;

namespace ChatHub.Kafka.Configuration;

/// <summary>Every consumer of the bus (<c>Kafka:Consumer</c>).</summary>
public sealed class KafkaConsumerOptions
{
    /// <summary>
    /// Messages dispatched to handlers and not yet finished, per consumer (the bulk lane's share included). Records
    /// consumed beyond it wait in the consumer, parked per lane (see <see cref="MaxBuffered"/>).
    /// </summary>
    [Range(1, 100_000)]
    public int MaxInFlight { get; set; } = 256;

    /// <summary>
    /// Consumed records waiting for an in-flight slot, per lane. When a lane has this many, its partitions are
    /// paused (backpressure) until only a quarter is left. Memory per consumer: at most
    /// <c>MaxInFlight + 2 × MaxBuffered</c> records.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxBuffered { get; set; } = 256;

    /// <summary>
    /// Per partition: messages at or after its commit watermark (dispatched, not yet committable). At the bound the
    /// partition is paused, so a message stuck in its handler bounds the redelivery after a crash.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxInFlightPerPartition { get; set; } = 1_000;

    /// <summary>After shutdown starts, how long in-flight handlers may run before they are cancelled and abandoned (uncommitted).</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>On a rebalance, how long in-flight work of revoked partitions may run before it is abandoned (uncommitted).</summary>
    public TimeSpan RevokeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Group session timeout (<c>session.timeout.ms</c>); heartbeats go every third of it.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the committed watermark is sent to the group coordinator (<c>auto.commit.interval.ms</c>).</summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait in one poll of the consume loop; completions and resumes are handled between polls.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Original payloads up to this size are kept (as the <c>dlq-original-value</c> header) on dead letters of undecodable records.</summary>
    [Range(0, 16 * 1024 * 1024)]
    public int DeadLetterPayloadLimit { get; set; } = 256 * 1024;
}
