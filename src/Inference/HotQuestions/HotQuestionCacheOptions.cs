using System.ComponentModel.DataAnnotations;

namespace ChatHub.Inference.HotQuestions;

/// <summary>The hot-question cache: lifetime, spread of expiries, size, and warm-up.</summary>
public sealed class HotQuestionCacheOptions
{
    public const string SectionName = "Inference:HotQuestions";

    /// <summary>The least time an answer stays cached.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A random extra lifetime, as a fraction of <see cref="Ttl"/> (0.1 = up to 10% more), so entries do not all expire together.</summary>
    [Range(0.0, 1.0)]
    public double TtlJitter { get; set; } = 0.1;

    /// <summary>The most entries held in process; when full, the entries closest to expiry are evicted first.</summary>
    [Range(1, 10_000_000)]
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>Longer questions (after normalization) are never cached.</summary>
    [Range(1, 100_000)]
    public int MaxQuestionLength { get; set; } = 500;

    /// <summary>Fill the cache at start from every knowledge-base question and its alternatives.</summary>
    public bool WarmUpFromKnowledgeBase { get; set; } = true;
}
