namespace ChatHub.Conversation.RateLimiting;

/// <summary>The outcome of one attempt: a token was taken from every bucket, or none was and the caller should wait.</summary>
/// <param name="Acquired">True when one token was taken from each bucket.</param>
/// <param name="RetryAfter">When not acquired: how long until every bucket has a token again (and no pause is on).</param>
public readonly record struct TokenBucketDecision(bool Acquired, TimeSpan RetryAfter)
{
    public static TokenBucketDecision Granted { get; } = new(true, TimeSpan.Zero);
}
