namespace ChatHub.Conversation.Idempotency;

/// <summary>
/// Idempotency keys with expiry (Redis <c>SET NX EX</c> semantics): the first caller of a key wins until the key
/// expires or is released.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>True if this call claimed the key; false if it was already claimed and has not expired.</summary>
    ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Releases a claim, so that a later attempt (a retry after a failure) may claim it again.</summary>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken);
}
