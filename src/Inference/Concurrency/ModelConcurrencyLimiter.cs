namespace ChatHub.Inference.Concurrency;

/// <summary>
/// Counts the model generations running on this node against <see cref="ModelConcurrencyOptions.MaxConcurrentGenerations"/>
/// and keeps the rest in a bounded first-come, first-served queue (<see cref="ModelConcurrencyOptions.QueueCapacity"/>).
/// A released slot goes straight to the first waiter, so a newcomer never overtakes the queue. Thread-safe.
/// </summary>
public sealed class ModelConcurrencyLimiter
{
    private readonly LinkedList<ModelSlotTicket> _waiting = new();
    private readonly Lock _lock = new();
    private int _active;

    public ModelConcurrencyLimiter(int maxConcurrent, int queueCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(queueCapacity);
        MaxConcurrent = maxConcurrent;
        QueueCapacity = queueCapacity;
    }

    public int MaxConcurrent { get; }

    public int QueueCapacity { get; }

    /// <summary>Generations holding a slot now.</summary>
    public int Active
    {
        get
        {
            lock (_lock)
            {
                return _active;
            }
        }
    }

    /// <summary>Requests waiting for a slot now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>A slot at once when one is free and nobody waits; else a place at the end of the queue; else refused.</summary>
    public ModelSlotTicket Enter()
    {
        lock (_lock)
        {
            if (_active < MaxConcurrent && _waiting.Count == 0)
            {
                _active++;
                var granted = new ModelSlotTicket(this, ModelSlotStatus.Granted) { Holding = true };
                granted.Granted.TrySetResult();
                return granted;
            }

            if (_waiting.Count >= QueueCapacity)
            {
                return new ModelSlotTicket(null, ModelSlotStatus.Refused);
            }

            var queued = new ModelSlotTicket(this, ModelSlotStatus.Queued);
            queued.Node = _waiting.AddLast(queued);
            queued.InitialPosition = _waiting.Count;
            return queued;
        }
    }

    internal int PositionOf(ModelSlotTicket ticket)
    {
        lock (_lock)
        {
            if (ticket.Node is null)
            {
                return 0;
            }

            var position = 1;
            for (var node = _waiting.First; node is not null && node != ticket.Node; node = node.Next)
            {
                position++;
            }

            return position;
        }
    }

    /// <summary>Gives up the ticket's place in the queue, or its slot (which passes to the first waiter). Idempotent.</summary>
    internal void Return(ModelSlotTicket ticket)
    {
        lock (_lock)
        {
            if (ticket.Node is { } node)
            {
                _waiting.Remove(node);
                ticket.Node = null;
                return;
            }

            if (!ticket.Holding)
            {
                return;
            }

            ticket.Holding = false;
            if (_waiting.First is { } next)
            {
                // The slot passes on: the count of active generations stays the same.
                _waiting.RemoveFirst();
                next.Value.Node = null;
                next.Value.Holding = true;
                next.Value.Granted.TrySetResult();
            }
            else
            {
                _active--;
            }
        }
    }
}
