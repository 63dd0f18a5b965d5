namespace ChatHub.Conversation.RateLimiting;

/// <summary>
/// Token buckets by key. In memory by default; on Redis the buckets are shared by every node (cluster-wide limits).
/// </summary>
public interface ITokenBucketLimiter
{
    /// <summary>Takes one token from the bucket <paramref name="key"/>; false when it is empty.</summary>
    ValueTask<bool> TryAcquireAsync(string key, TokenBucketRule rule, CancellationToken cancellationToken);
}
