using System.ComponentModel.DataAnnotations;

namespace ChatHub.Inference.HotQuestions;

/// <summary>The hot-question cache (FusionCache): lifetime, spread of expiries, size, resilience, and warm-up.</summary>
public sealed class HotQuestionCacheOptions
{
    public const string SectionName = "Inference:HotQuestions";

    /// <summary>The least time an answer stays cached.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A random extra lifetime, as a fraction of <see cref="Ttl"/> (0.1 = up to 10% more), so entries do not all expire together.</summary>
    [Range(0.0, 1.0)]
    public double TtlJitter { get; set; } = 0.1;

    /// <summary>The most entries held in process (L1); when full, the memory cache compacts (expired and least recently used first).</summary>
    [Range(1, 10_000_000)]
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>Longer questions (after normalization) are never cached.</summary>
    [Range(1, 100_000)]
    public int MaxQuestionLength { get; set; } = 500;

    /// <summary>
    /// Fail-safe: how long past its lifetime an answer is kept to be served when a fresh one cannot be had (the knowledge
    /// base or model failed, or gave only the fallback reply).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan FailSafeMaxDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Soft timeout: when a stale answer exists and a fresh one takes longer than this, the stale one is served and the
    /// computation finishes in the background (non-streaming requests; a streamed answer, once begun, runs to its end).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FactorySoftTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Soft timeout of a read or write of the shared tier (L2, Redis): after it, the cache goes on without it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan DistributedSoftTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Circuit breaker: after a failure of the shared tier or backplane, skip it for this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan CircuitBreakerDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Fill the cache at start from every knowledge-base question and its alternatives.</summary>
    public bool WarmUpFromKnowledgeBase { get; set; } = true;
}
