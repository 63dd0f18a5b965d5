using System.ComponentModel.DataAnnotations;

namespace ChatHub.Inference.ModelStage;

/// <summary>How many knowledge-base passages go into the model's prompt (<c>Inference:Grounding</c>).</summary>
public sealed class GroundingOptions
{
    public const string SectionName = "Inference:Grounding";

    /// <summary>The most passages put into the prompt, best first (0: no grounding).</summary>
    [Range(0, 10)]
    public int Passages { get; set; } = 3;

    /// <summary>The least retrieval confidence (see <c>KnowledgeMatch.Confidence</c>) for a passage to be used.</summary>
    [Range(0.0, 1.0)]
    public double MinConfidence { get; set; } = 0.1;

    /// <summary>Each passage's answer is cut to this many characters.</summary>
    [Range(100, 20_000)]
    public int MaxPassageCharacters { get; set; } = 1500;
}
