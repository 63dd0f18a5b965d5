namespace ChatHub.Conversation.RateLimiting;

/// <summary>
/// Outbound rate budgets shared by every node: token buckets named by key. One call takes a token from several
/// buckets at once (per chat, per group, per bot) or from none, so a send never spends part of its budget.
/// </summary>
public interface IDistributedRateLimiter
{
    /// <summary>Takes one token from every bucket if all have one (and none is paused); otherwise takes nothing.</summary>
    ValueTask<TokenBucketDecision> TryAcquireAsync(IReadOnlyList<TokenBucketLimit> buckets, CancellationToken cancellationToken);

    /// <summary>Waits (on the injected clock) until <see cref="TryAcquireAsync"/> succeeds.</summary>
    ValueTask AcquireAsync(IReadOnlyList<TokenBucketLimit> buckets, CancellationToken cancellationToken);

    /// <summary>Stops every acquisition involving <paramref name="bucketKey"/> for <paramref name="duration"/> (a 429's retry-after).</summary>
    ValueTask PauseAsync(string bucketKey, TimeSpan duration, CancellationToken cancellationToken);
}
