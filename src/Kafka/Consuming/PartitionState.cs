using ChatHub.Kafka.Topology;
using Confluent.Kafka;

namespace ChatHub.Kafka.Consuming;

/// <summary>
/// One assigned partition (one assignment generation of it): its commit watermark and flow-control state (consume
/// thread only), and its per-key work queues (shared with the workers, under a lock). Each key has at most one
/// worker at a time, which takes the key's messages in offset order: in order per key, parallel across keys.
/// </summary>
internal sealed class PartitionState : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<WorkItem>> _keys = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abandon;

    public PartitionState(TopicPartition topicPartition, string logicalTopic, TopicLane lane, CancellationToken deadline)
    {
        TopicPartition = topicPartition;
        LogicalTopic = logicalTopic;
        Lane = lane;
        _abandon = CancellationTokenSource.CreateLinkedTokenSource(deadline);
        Token = _abandon.Token; // kept: reading it stays valid after the source is disposed
    }

    public TopicPartition TopicPartition { get; }

    public string LogicalTopic { get; }

    public TopicLane Lane { get; }

    /// <summary>Consume thread only.</summary>
    public OffsetWindow Window { get; } = new();

    /// <summary>Dispatched to a key's worker and not done yet (Interlocked: changed by the dispatcher, read by the consume thread).</summary>
    public int InFlight;

    /// <summary>
    /// Whether the consume loop has paused it (consume thread only). Exact, never "maybe": librdkafka 2.0 restarts a
    /// partition's fetch at its last fetch-start position on any resume, so resuming a partition that is not paused
    /// would deliver records again. (Pauses are cleared when a partition is revoked, so a new assignment starts unpaused.)
    /// </summary>
    public bool Paused { get; set; }

    /// <summary>Hysteresis state of the per-partition bound (consume thread only).</summary>
    public bool OverBound { get; set; }

    /// <summary>No longer assigned: its completions are ignored (consume thread only).</summary>
    public bool Revoked { get; set; }

    /// <summary>Handlers' token: cancelled when the partition's work is abandoned (revoke timeout, lost, drain deadline).</summary>
    public CancellationToken Token { get; }

    public bool IsAbandoned => Token.IsCancellationRequested;

    public void Abandon() => _abandon.Cancel();

    /// <summary>Queues an item behind its key (dispatcher lock held); true when the key had no worker and the caller must start one.</summary>
    public bool Enqueue(WorkItem item)
    {
        lock (_gate)
        {
            if (_keys.TryGetValue(item.Key, out var queue))
            {
                queue.Enqueue(item);
                return false;
            }

            _keys[item.Key] = new Queue<WorkItem>();
            return true;
        }
    }

    /// <summary>The key's next item, or false (and the key's worker ends) when its queue is empty.</summary>
    public bool TryTakeNext(string key, out WorkItem? next)
    {
        lock (_gate)
        {
            if (_keys.TryGetValue(key, out var queue) && queue.TryDequeue(out next))
            {
                return true;
            }

            _keys.Remove(key);
            next = null;
            return false;
        }
    }

    public void Dispose() => _abandon.Dispose();
}
