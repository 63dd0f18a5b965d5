namespace ChatHub.Conversation.Idempotency;

/// <summary>What <see cref="IIdempotencyStore.TryAcquireLeaseAsync"/> found under a key.</summary>
public enum LeaseOutcome
{
    /// <summary>The key was free (or its lease had expired): the caller now holds the lease and should do the work.</summary>
    Acquired,

    /// <summary>Another owner holds a lease that has not expired: the work is in progress elsewhere (or its owner died).</summary>
    Held,

    /// <summary>The work was completed (<see cref="IIdempotencyStore.MarkDoneAsync"/>): skip it.</summary>
    Done,
}
