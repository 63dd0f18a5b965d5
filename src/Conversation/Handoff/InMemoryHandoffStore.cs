namespace ChatHub.Conversation.Handoff;

/// <summary>Hand-offs in this process (the embedded default).</summary>
public sealed class InMemoryHandoffStore(TimeProvider time) : IHandoffStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (HandoffTicket Ticket, DateTimeOffset ExpiresAt)> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byPerson = new(StringComparer.Ordinal);

    public ValueTask<bool> TryStartAsync(HandoffTicket ticket, TimeSpan expiry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        lock (_gate)
        {
            if (Find(ticket.Id) is not null || (_byPerson.TryGetValue(ticket.HubUserId, out var id) && Find(id) is not null))
            {
                return ValueTask.FromResult(false);
            }

            _byId[ticket.Id] = (ticket, time.GetUtcNow() + expiry);
            _byPerson[ticket.HubUserId] = ticket.Id;
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask<HandoffTicket?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(Find(id));
        }
    }

    public ValueTask<HandoffTicket?> GetByPersonAsync(string hubUserId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_byPerson.TryGetValue(hubUserId, out var id) ? Find(id) : null);
        }
    }

    public ValueTask<IReadOnlyList<HandoffTicket>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<HandoffTicket> open = [.. _byId.Keys.ToList().Select(Find).OfType<HandoffTicket>().Take(limit)];
            return ValueTask.FromResult(open);
        }
    }

    public ValueTask<bool> TryEndAsync(HandoffTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        lock (_gate)
        {
            var active = Find(ticket.Id) is not null;
            _byId.Remove(ticket.Id);
            if (_byPerson.TryGetValue(ticket.HubUserId, out var id) && id == ticket.Id)
            {
                _byPerson.Remove(ticket.HubUserId);
            }

            return ValueTask.FromResult(active);
        }
    }

    // The ticket while it lasts; an expired one is dropped on the way.
    private HandoffTicket? Find(string id)
    {
        if (!_byId.TryGetValue(id, out var entry))
        {
            return null;
        }

        if (entry.ExpiresAt > time.GetUtcNow())
        {
            return entry.Ticket;
        }

        _byId.Remove(id);
        _byPerson.Remove(entry.Ticket.HubUserId);
        return null;
    }
}
