namespace ChatHub.Conversation.Handoff;

/// <summary>The active hand-offs, by id and by person, expiring; shared by every node (Redis when configured).</summary>
public interface IHandoffStore
{
    /// <summary>Stores a new hand-off; false when its id is taken or its person already has one.</summary>
    ValueTask<bool> TryStartAsync(HandoffTicket ticket, TimeSpan expiry, CancellationToken cancellationToken);

    ValueTask<HandoffTicket?> GetAsync(string id, CancellationToken cancellationToken);

    ValueTask<HandoffTicket?> GetByPersonAsync(string hubUserId, CancellationToken cancellationToken);

    /// <summary>The open hand-offs (at most <paramref name="limit"/>, in no particular order).</summary>
    ValueTask<IReadOnlyList<HandoffTicket>> ListAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Ends the hand-off; false when it was not (or no longer) active.</summary>
    ValueTask<bool> TryEndAsync(HandoffTicket ticket, CancellationToken cancellationToken);
}
