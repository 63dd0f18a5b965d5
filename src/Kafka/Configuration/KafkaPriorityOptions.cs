using System.ComponentModel.DataAnnotations;

namespace ChatHub.Kafka.Configuration;

/// <summary>
/// The priority lane (<c>Kafka:Priority</c>): inbound messages with <c>Priority = Bulk</c> (group traffic) go to a
/// separate topic (<c>chat.inbound.bulk</c>) that the same consumer reads. Bulk records may hold at most their
/// share, <c>MaxInFlight × BulkWeight / (InteractiveWeight + BulkWeight)</c> (at least one slot, never all), of the
/// consumer's in-flight budget; interactive records (web chat, direct messages) may use every other slot, and all of
/// them while no bulk record is waiting. A flood in a big group therefore never delays private chats by more than
/// the bulk share, and bulk still gets its share while private chats are busy. The lane must follow the conversation
/// (adapters mark a whole group chat as bulk), since order is kept per key within one lane.
/// </summary>
public sealed class KafkaPriorityOptions
{
    /// <summary>Off: every inbound message goes to <c>chat.inbound</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Appended to the inbound topic's logical name to name the bulk lane.</summary>
    [Required]
    public string BulkSuffix { get; set; } = ".bulk";

    [Range(1, 1000)]
    public int InteractiveWeight { get; set; } = 3;

    [Range(1, 1000)]
    public int BulkWeight { get; set; } = 1;
}
