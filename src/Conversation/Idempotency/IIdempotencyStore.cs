namespace ChatHub.Conversation.Idempotency;

/// <summary>
/// Idempotency keys with expiry (Redis <c>SET NX PX</c> semantics). Two ways to use a key:
/// <list type="bullet">
/// <item><b>Claims</b> (<see cref="TryClaimAsync"/>/<see cref="ReleaseAsync"/>): the first caller of a key wins until
/// the key expires or is released. Only for effects that may be lost (a rate-limit notice): a claim whose reply is lost
/// (the store died mid-command) or whose release fails stays taken, and the retry is skipped.</item>
/// <item><b>Accepted markers</b> (<see cref="IsDoneAsync"/>, then the effect, then <see cref="MarkDoneAsync"/>; see
/// <see cref="AcceptOnce"/>): ingress of a platform's deliveries. Never loses a delivery; a concurrent or crashed-over
/// duplicate is published twice and absorbed downstream by the worker's ledger.</item>
/// <item><b>Leases and done markers</b> (<see cref="TryAcquireLeaseAsync"/>, <see cref="MarkDoneAsync"/>,
/// <see cref="ReleaseLeaseAsync"/>): a short lease while the work runs, a long-lived done marker once its effects
/// are durable. A caller that dies holding a lease blocks the key only until the lease expires, so redelivered work
/// is never lost; completed work is skipped for the marker's retention.</item>
/// </list>
/// Claims and leases share the key space: use one scheme per key.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>True if this call claimed the key; false if it was already claimed and has not expired.</summary>
    ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Releases a claim, so that a later attempt (a retry after a failure) may claim it again.</summary>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken);

    /// <summary>True if the key carries an unexpired done marker (<see cref="MarkDoneAsync"/>); claims and leases are not done.</summary>
    ValueTask<bool> IsDoneAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically: <see cref="LeaseOutcome.Done"/> if the key carries a done marker; <see cref="LeaseOutcome.Held"/> if
    /// another owner's lease has not expired; otherwise (free, expired, or <paramref name="owner"/>'s own live lease, which
    /// is renewed) takes the lease for <paramref name="owner"/> for <paramref name="lease"/> and returns
    /// <see cref="LeaseOutcome.Acquired"/>. Owners are unique per attempt, except that a retry reuses the owner of a
    /// lease it could not release (the store was unreachable), so it need not wait that lease out.
    /// </summary>
    ValueTask<LeaseOutcome> TryAcquireLeaseAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Replaces whatever the key holds with a done marker kept for <paramref name="retention"/>.</summary>
    ValueTask MarkDoneAsync(string key, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>Removes the key only while it still holds <paramref name="owner"/>'s lease (never a done marker, never another owner's lease).</summary>
    ValueTask ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken);
}
