using ChatHub.Kafka.Topology;

namespace ChatHub.Kafka.Consuming;

/// <summary>
/// Admission of consumed records to the handlers, with the in-flight budget and the priority lane (thread-safe: the
/// consume thread offers records, workers report them done, and whoever frees a slot starts the next record, so
/// a completion never waits for the next poll).
/// <list type="bullet">
/// <item>At most <c>MaxInFlight</c> records are dispatched and not done; the rest wait here, parked per lane, in
/// consumption order (the consume loop pauses a lane's partitions when its parked queue is full).</item>
/// <item>Bulk records hold at most <see cref="BulkShare"/> slots (its weighted share). Interactive records may use
/// every free slot, except that they leave the bulk share free while bulk records are waiting, so each lane gets at
/// least its weighted share under contention and a bulk flood never delays interactive records beyond its share.</item>
/// </list>
/// Dispatching appends the record to its key's queue under the lock, so records of one key start in offset order.
/// </summary>
internal sealed class Dispatcher
{
    private readonly Lock _gate = new();
    private readonly Queue<WorkItem> _interactive = new();
    private readonly Queue<WorkItem> _bulk = new();
    private readonly Action<PartitionState, WorkItem> _startKeyWorker;
    private readonly ConsumerStatistics _statistics;
    private int _outstanding;
    private int _bulkOutstanding;

    public Dispatcher(int maxInFlight, int bulkShare, Action<PartitionState, WorkItem> startKeyWorker, ConsumerStatistics statistics)
    {
        MaxInFlight = maxInFlight;
        BulkShare = bulkShare;
        _startKeyWorker = startKeyWorker;
        _statistics = statistics;
    }

    public int MaxInFlight { get; }

    public int BulkShare { get; }

    /// <summary>The bulk lane's share of the in-flight budget: weight-proportional, at least one slot, never all.</summary>
    public static int BulkShareOf(int maxInFlight, int interactiveWeight, int bulkWeight)
    {
        var share = (int)((long)maxInFlight * bulkWeight / (interactiveWeight + bulkWeight));
        return maxInFlight < 2 ? 1 : Math.Clamp(share, 1, maxInFlight - 1);
    }

    /// <summary>Consume thread: a record was consumed; it starts now or waits parked in its lane.</summary>
    public void Offer(WorkItem item)
    {
        List<(PartitionState, WorkItem)>? start;
        lock (_gate)
        {
            Parked(item.Partition.Lane).Enqueue(item);
            start = PumpLocked(dispatched: 0);
        }

        Start(start);
    }

    /// <summary>Worker: a dispatched record is done (handled, dead-lettered, cancelled or skipped); exactly once per record.</summary>
    public void Done(WorkItem item)
    {
        List<(PartitionState, WorkItem)>? start;
        lock (_gate)
        {
            _outstanding--;
            if (item.Partition.Lane == TopicLane.Bulk)
            {
                _bulkOutstanding--;
            }

            Interlocked.Decrement(ref item.Partition.InFlight);
            start = PumpLocked(dispatched: 0);
        }

        Start(start);
    }

    /// <summary>Consume thread: drops parked (never started) records of these partitions; they stay uncommitted.</summary>
    public int RemoveParked(Func<PartitionState, bool> partitions)
    {
        lock (_gate)
        {
            var removed = Filter(_interactive, partitions) + Filter(_bulk, partitions);
            _statistics.Update(_outstanding, _bulkOutstanding, _interactive.Count, _bulk.Count, dispatched: 0);
            return removed;
        }
    }

    public (int Interactive, int Bulk) ParkedCounts()
    {
        lock (_gate)
        {
            return (_interactive.Count, _bulk.Count);
        }
    }

    public int Outstanding
    {
        get
        {
            lock (_gate)
            {
                return _outstanding;
            }
        }
    }

    private List<(PartitionState, WorkItem)>? PumpLocked(int dispatched)
    {
        List<(PartitionState, WorkItem)>? start = null;
        while (_outstanding < MaxInFlight)
        {
            WorkItem next;
            var interactiveCap = _bulk.Count > 0 ? MaxInFlight - BulkShare : MaxInFlight;
            if (_interactive.Count > 0 && _outstanding - _bulkOutstanding < interactiveCap)
            {
                next = _interactive.Dequeue();
            }
            else if (_bulk.Count > 0 && _bulkOutstanding < BulkShare)
            {
                next = _bulk.Dequeue();
                _bulkOutstanding++;
            }
            else
            {
                break;
            }

            _outstanding++;
            dispatched++;
            Interlocked.Increment(ref next.Partition.InFlight);
            if (next.Partition.Enqueue(next))
            {
                (start ??= []).Add((next.Partition, next));
            }
        }

        _statistics.Update(_outstanding, _bulkOutstanding, _interactive.Count, _bulk.Count, dispatched);
        return start;
    }

    private void Start(List<(PartitionState Partition, WorkItem Item)>? start)
    {
        if (start is null)
        {
            return;
        }

        foreach (var (partition, item) in start)
        {
            _startKeyWorker(partition, item);
        }
    }

    private Queue<WorkItem> Parked(TopicLane lane) => lane == TopicLane.Bulk ? _bulk : _interactive;

    private static int Filter(Queue<WorkItem> queue, Func<PartitionState, bool> partitions)
    {
        var before = queue.Count;
        var kept = queue.Where(i => !partitions(i.Partition)).ToList();
        queue.Clear();
        foreach (var item in kept)
        {
            queue.Enqueue(item);
        }

        return before - kept.Count;
    }
}
