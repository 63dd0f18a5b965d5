namespace ChatHub.Kafka.Consuming;

/// <summary>
/// The commit watermark of one partition: offsets dispatched in order, completed in any order; the committable
/// offset is one past the highest offset below which everything has completed, i.e. the lowest offset still in
/// flight. Committing it never skips a message that has not been handled. Used from the consume thread only.
/// </summary>
internal sealed class OffsetWindow
{
    private readonly Queue<long> _pending = new();
    private readonly HashSet<long> _completed = [];

    /// <summary>Dispatched offsets at or after the watermark (completed or not): what a crash now would redeliver.</summary>
    public int Count => _pending.Count;

    /// <summary>The offset to commit (next to consume), or null before the first completion.</summary>
    public long? Committable { get; private set; }

    /// <summary>The lowest offset still in flight, or null when nothing is.</summary>
    public long? LowestInFlight => _pending.TryPeek(out var head) ? head : null;

    /// <summary>True when <paramref name="offset"/> may follow what was added so far (offsets of a partition increase).</summary>
    public bool Accepts(long offset) => offset > _lastAdded;

    /// <summary>Records a dispatched offset; offsets of a partition arrive in increasing order.</summary>
    public void Add(long offset)
    {
        if (!Accepts(offset))
        {
            throw new InvalidOperationException($"Offset {offset} dispatched after {_lastAdded}: a partition's offsets must increase.");
        }

        _pending.Enqueue(offset);
        _lastAdded = offset;
    }

    /// <summary>Records a completed offset; true when the committable offset advanced.</summary>
    public bool Complete(long offset)
    {
        _completed.Add(offset);
        var advanced = false;
        while (_pending.TryPeek(out var head) && _completed.Remove(head))
        {
            _pending.Dequeue();
            Committable = head + 1;
            advanced = true;
        }

        return advanced;
    }

    private long _lastAdded = -1;
}
