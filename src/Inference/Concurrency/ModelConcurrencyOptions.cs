using System.ComponentModel.DataAnnotations;

namespace ChatHub.Inference.Concurrency;

/// <summary>
/// The node's limit on model generations running at once (<c>Inference:Concurrency</c>), whatever the backend
/// (llama.cpp or an OpenAI-compatible server). Past the limit a request waits in a bounded queue and the person is
/// told their place in line (<see cref="QueueNotice"/>); past the queue the reply is <see cref="BusyReply"/>. The limit
/// is per node (each node counts its own generations), not cluster-wide.
/// </summary>
public sealed class ModelConcurrencyOptions
{
    public const string SectionName = "Inference:Concurrency";

    /// <summary>The placeholder in <see cref="QueueNotice"/> replaced by the person's place in line (1 = next).</summary>
    public const string PositionPlaceholder = "{Position}";

    /// <summary>
    /// Model generations running at once on this node; 0 turns the limit off. For llama.cpp, Instances × MaxSequences
    /// keeps every admitted generation in a batch; for a server, its parallel slots.
    /// </summary>
    [Range(0, 100_000)]
    public int MaxConcurrentGenerations { get; set; } = 8;

    /// <summary>Requests that may wait for a generation slot; past it the reply is <see cref="BusyReply"/>.</summary>
    [Range(0, 1_000_000)]
    public int QueueCapacity { get; set; } = 64;

    /// <summary>The notice a waiting person gets before the answer; <see cref="PositionPlaceholder"/> becomes their place in line.</summary>
    [Required]
    public string QueueNotice { get; set; } = "You're number {Position} in line. I'll answer as soon as it's your turn.";

    /// <summary>The reply when the queue is full too.</summary>
    [Required]
    public string BusyReply { get; set; } = "I'm busy with other conversations right now. Please try again in a moment.";

    public string FormatNotice(int position) =>
        QueueNotice.Replace(PositionPlaceholder, position.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
