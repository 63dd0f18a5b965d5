using System.ComponentModel.DataAnnotations;

namespace ChatHub.Inference.Resilience;

/// <summary>
/// The timeout and circuit breaker around the model backend (<c>Inference:Resilience</c>). When the backend fails,
/// times out, or its circuit is open, <see cref="FallbackReply"/> answers (source <c>system</c>).
/// </summary>
public sealed class InferenceResilienceOptions
{
    public const string SectionName = "Inference:Resilience";

    /// <summary>The longest a whole reply may take (a streamed reply included); past it the request is canceled.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The share of failed calls within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed within <see cref="SamplingDuration"/> before the ratio counts.</summary>
    [Range(2, 100_000)]
    public int MinimumThroughput { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit answers with the fallback before it lets a trial call through.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The reply while the model backend is failing.</summary>
    [Required]
    public string FallbackReply { get; set; } =
        "Sorry, I can't answer that right now. Please try again in a little while, or type /help to see what I can do.";
}
