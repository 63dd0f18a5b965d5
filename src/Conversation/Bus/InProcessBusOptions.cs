using System.ComponentModel.DataAnnotations;

namespace ChatHub.Conversation.Bus;

public sealed class InProcessBusOptions
{
    public const string SectionName = "Bus:InProcess";

    /// <summary>Partitions per topic (consumer loops). Keys hash to partitions; order holds per key.</summary>
    [Range(1, 1024)]
    public int Partitions { get; set; } = 16;

    /// <summary>
    /// Messages one partition handles at once, at most one per key (conversation); later messages of a busy key wait
    /// behind it. Partitions × this is the most conversations handled at once: size it to at least the message rate
    /// × the slowest reply (e.g. 200 msg/s × 2 s of model = 400; the default 16 × 64 = 1,024). 1: one message at a
    /// time per partition.
    /// </summary>
    [Range(1, 4096)]
    public int MaxConcurrencyPerPartition { get; set; } = 64;

    /// <summary>Messages queued per partition before publishers wait (backpressure).</summary>
    [Range(1, 1_000_000)]
    public int PartitionCapacity { get; set; } = 1024;

    /// <summary>How long consumers keep draining queued messages after shutdown starts.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
