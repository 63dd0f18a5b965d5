namespace ChatHub.Conversation.Bus;

/// <summary>
/// Capped exponential backoff with jitter: <see cref="MaxAttempts"/> for a failure of the message, and retries for as
/// long as <see cref="TransientBudget"/> for a transient one (the infrastructure is down, see <see cref="TransientFailures"/>).
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>How long a message is retried after its first transient failure before it counts as poison.</summary>
    public TimeSpan TransientBudget { get; init; } = TimeSpan.FromMinutes(5);

    public static RetryPolicy Default { get; } = new(4, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));

    public TimeSpan DelayFor(int attempt)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        // Half fixed, half random: spreads retries without ever retrying immediately.
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }
}
