using System.ComponentModel.DataAnnotations;

namespace ChatHub.Inference.Knowledge;

/// <summary>The Markdown knowledge base and how sure retrieval must be before it answers.</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Inference:Knowledge";

    /// <summary>The FAQ file; a relative path is resolved against <see cref="AppContext.BaseDirectory"/>.</summary>
    [Required]
    public string Path { get; set; } = "content/knowledge.md";

    /// <summary>The least <see cref="KnowledgeMatch.Confidence"/> for the knowledge base to answer.</summary>
    [Range(0.0, 1.0)]
    public double MinConfidence { get; set; } = 0.5;

    /// <summary>The least BM25 score for the knowledge base to answer (0 disables this check).</summary>
    [Range(0.0, 1000.0)]
    public double MinScore { get; set; }

    /// <summary>The absolute path of the knowledge-base file.</summary>
    public string ResolvePath() =>
        System.IO.Path.IsPathRooted(Path) ? Path : System.IO.Path.GetFullPath(Path, AppContext.BaseDirectory);

    /// <summary>Whether <paramref name="match"/> is good enough to answer with.</summary>
    public bool Accepts(KnowledgeMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return match.Confidence >= MinConfidence && match.Score >= MinScore;
    }
}
