namespace ChatHub.Conversation.RateLimiting;

/// <summary>A token bucket: up to <paramref name="Capacity"/> tokens, one more every <paramref name="RefillEvery"/>.</summary>
public sealed record TokenBucketRule(int Capacity, TimeSpan RefillEvery)
{
    public double TokensPerSecond => 1 / RefillEvery.TotalSeconds;
}
