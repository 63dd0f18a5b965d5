using System.ComponentModel.DataAnnotations;

namespace ChatHub.Conversation.Bus;

public sealed class InProcessBusOptions
{
    public const string SectionName = "Bus:InProcess";

    /// <summary>Partitions per topic: the number of conversations handled at once.</summary>
    [Range(1, 1024)]
    public int Partitions { get; set; } = 16;

    /// <summary>Messages queued per partition before publishers wait (backpressure).</summary>
    [Range(1, 1_000_000)]
    public int PartitionCapacity { get; set; } = 1024;

    /// <summary>How long consumers keep draining queued messages after shutdown starts.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
