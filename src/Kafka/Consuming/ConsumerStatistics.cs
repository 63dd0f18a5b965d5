namespace ChatHub.Kafka.Consuming;

/// <summary>Counters of one consumer, written by its consume thread, readable from any thread (health, metrics, tests).</summary>
internal sealed class ConsumerStatistics
{
    private int _state;
    private int _outstanding;
    private int _maxOutstanding;
    private int _bulkOutstanding;
    private int _maxBulkOutstanding;
    private int _assignedPartitions;
    private long _dispatched;
    private long _pauses;
    private long _resumes;
    private long _deadLettered;
    private long _replacements;
    private int _parkedInteractive;
    private int _parkedBulk;
    private readonly List<(Func<ConsumerStatistics, bool> Predicate, TaskCompletionSource Done)> _waiters = [];

    public ConsumerState State
    {
        get => (ConsumerState)Volatile.Read(ref _state);
        set
        {
            Volatile.Write(ref _state, (int)value);
            Notify();
        }
    }

    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Highest number of messages in flight at once since the consumer started.</summary>
    public int MaxOutstanding => Volatile.Read(ref _maxOutstanding);

    public int BulkOutstanding => Volatile.Read(ref _bulkOutstanding);

    public int MaxBulkOutstanding => Volatile.Read(ref _maxBulkOutstanding);

    public int AssignedPartitions
    {
        get => Volatile.Read(ref _assignedPartitions);
        set
        {
            Volatile.Write(ref _assignedPartitions, value);
            Notify();
        }
    }

    /// <summary>Records handed to handlers (dispatched out of the parked queues).</summary>
    public long Dispatched => Interlocked.Read(ref _dispatched);

    public long Pauses => Interlocked.Read(ref _pauses);

    public long Resumes => Interlocked.Read(ref _resumes);

    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Clients replaced because a partition was stuck on a broker other than its leader.</summary>
    public long Replacements => Interlocked.Read(ref _replacements);

    public int ParkedInteractive => Volatile.Read(ref _parkedInteractive);

    public int ParkedBulk => Volatile.Read(ref _parkedBulk);

    /// <summary>Called by the dispatcher (under its lock) after every change.</summary>
    public void Update(int outstanding, int bulkOutstanding, int parkedInteractive, int parkedBulk, int dispatched)
    {
        Volatile.Write(ref _outstanding, outstanding);
        Volatile.Write(ref _bulkOutstanding, bulkOutstanding);
        Volatile.Write(ref _parkedInteractive, parkedInteractive);
        Volatile.Write(ref _parkedBulk, parkedBulk);
        if (outstanding > _maxOutstanding)
        {
            Volatile.Write(ref _maxOutstanding, outstanding);
        }

        if (bulkOutstanding > _maxBulkOutstanding)
        {
            Volatile.Write(ref _maxBulkOutstanding, bulkOutstanding);
        }

        if (dispatched > 0)
        {
            Interlocked.Add(ref _dispatched, dispatched);
        }

        Notify();
    }

    public void Paused(int partitions)
    {
        Interlocked.Add(ref _pauses, partitions);
        Notify();
    }

    public void Resumed(int partitions)
    {
        Interlocked.Add(ref _resumes, partitions);
        Notify();
    }

    public void Replaced()
    {
        Interlocked.Increment(ref _replacements);
        Notify();
    }

    public void DeadLetter()
    {
        Interlocked.Increment(ref _deadLettered);
        Notify();
    }

    /// <summary>Completes when <paramref name="predicate"/> holds after an update (tests and diagnostics; no polling).</summary>
    public Task WaitUntilAsync(Func<ConsumerStatistics, bool> predicate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (predicate(this))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((predicate, done));
        }

        cancellationToken.Register(() =>
        {
            lock (_waiters)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }

            done.TrySetCanceled(cancellationToken);
        });
        return done.Task;
    }

    private void Notify()
    {
        lock (_waiters)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Predicate(this))
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
