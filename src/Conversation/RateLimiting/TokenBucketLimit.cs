namespace ChatHub.Conversation.RateLimiting;

/// <summary>
/// One token bucket: up to <paramref name="Capacity"/> tokens (the burst), refilled at <paramref name="PerSecond"/>.
/// <paramref name="Key"/> names the bucket cluster-wide, e.g. <c>telegram:{bot}:chat:{chat}</c> or
/// <c>telegram:{bot}:global</c>: every node drawing on the same key shares its budget.
/// </summary>
public sealed record TokenBucketLimit(string Key, double Capacity, double PerSecond)
{
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Key);
        ArgumentOutOfRangeException.ThrowIfLessThan(Capacity, 1.0, nameof(Capacity));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PerSecond, 0.0, nameof(PerSecond));
    }
}
