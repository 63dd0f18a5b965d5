namespace ChatHub.Conversation.Broadcasts;

/// <summary>
/// Broadcasts, their recipients per run with each one's state, people's broadcast preferences, and the sending lease,
/// in the deployment's store (SQLite by default, Redis when configured, memory for tests), so a restarted hub resumes
/// where it stopped and one node sends at a time. State changes of a recipient are conditional
/// (<see cref="TransitionAsync"/>), so two writers never both move one recipient.
/// </summary>
public interface IBroadcastStore
{
    /// <summary>
    /// Stores a new broadcast, unless one with its <see cref="Broadcast.IdempotencyKey"/> exists: then returns that one
    /// and false.
    /// </summary>
    ValueTask<(Broadcast Broadcast, bool Created)> CreateAsync(Broadcast broadcast, CancellationToken cancellationToken);

    ValueTask<Broadcast?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The broadcasts still <see cref="BroadcastStatus.Scheduled"/> or <see cref="BroadcastStatus.Sending"/>.</summary>
    ValueTask<IReadOnlyList<Broadcast>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>Replaces a broadcast's state; false (and nothing written) when it is cancelled meanwhile, unless this cancels it.</summary>
    ValueTask<bool> UpdateAsync(Broadcast broadcast, CancellationToken cancellationToken);

    /// <summary>Adds recipients to a run; those whose key the run already has are left as they are. Returns how many were added.</summary>
    ValueTask<int> AddRecipientsAsync(string broadcastId, int run, IReadOnlyList<BroadcastRecipient> recipients, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> recipients of the run in <paramref name="state"/>, in the order they were added.</summary>
    ValueTask<IReadOnlyList<BroadcastRecipient>> ListAsync(string broadcastId, int run, RecipientState state, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>Moves a recipient from <paramref name="expected"/> to <paramref name="target"/>; false when it is not in <paramref name="expected"/>.</summary>
    ValueTask<bool> TransitionAsync(
        string broadcastId, int run, string recipientKey, RecipientState expected, RecipientState target, string? reason, CancellationToken cancellationToken);

    ValueTask<BroadcastCounts> CountAsync(string broadcastId, int run, CancellationToken cancellationToken);

    /// <summary>Moves every pending recipient of the run to <see cref="RecipientState.Cancelled"/>; returns how many.</summary>
    ValueTask<int> CancelPendingAsync(string broadcastId, int run, CancellationToken cancellationToken);

    ValueTask SetPreferenceAsync(string hubUserId, BroadcastPreference preference, CancellationToken cancellationToken);

    ValueTask<BroadcastPreference> GetPreferenceAsync(string hubUserId, CancellationToken cancellationToken);

    /// <summary>A page of the opted-in hub users in id order, after <paramref name="after"/> (null: from the start).</summary>
    ValueTask<IReadOnlyList<string>> ListOptedInAsync(string? after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Erasure: forgets the person's preference, and in every run that has them keeps only the state of their row (the
    /// hub user and conversation removed; pending or queued become <see cref="RecipientState.Skipped"/>, "erased").
    /// Returns how many items were affected.
    /// </summary>
    ValueTask<int> EraseUserAsync(string hubUserId, CancellationToken cancellationToken);

    /// <summary>Takes the sending lease for <paramref name="owner"/>, or renews it; false while another owner holds it.</summary>
    ValueTask<bool> TryAcquireLeaseAsync(string owner, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up if <paramref name="owner"/> holds it.</summary>
    ValueTask ReleaseLeaseAsync(string owner, CancellationToken cancellationToken);
}
