using System.Text;
using ChatHub.Kafka.Topology;
using Confluent.Kafka;

namespace ChatHub.Kafka.Consuming;

/// <summary>Dispatch, completions, watermarks and pause/resume: all on the consume thread.</summary>
internal sealed partial class KafkaConsumerLoop<T>
{
    private readonly List<TopicPartition> _toPause = [];
    private readonly List<TopicPartition> _toResume = [];
    private readonly HashSet<PartitionState> _touched = [];

    private void Dispatch(ConsumeResult<byte[], byte[]> result)
    {
        if (!_partitions.TryGetValue(result.TopicPartition, out var partition))
        {
            // Not in the assignment we were told about (should not happen): track it like an assigned one.
            partition = Track(result.TopicPartition);
        }

        if (!partition.Window.Accepts(result.Offset.Value))
        {
            // The partition's position went back (an offset reset after log truncation): start a new generation of
            // it; the old one's work is abandoned and its completions ignored, like after a revoke.
            Log.PositionReset(_logger, result.TopicPartition, result.Offset.Value);
            Forget(_consumer!, [partition]);
            partition = Track(result.TopicPartition);
        }

        var key = result.Message.Key is { } bytes ? Encoding.UTF8.GetString(bytes) : "";
        var item = new WorkItem(partition, result.Offset.Value, key, result);
        partition.Window.Add(item.Offset);
        _dispatcher.Offer(item);
        ApplyFlow(partition);
    }

    /// <summary>Dispatcher callback: the first record of a key with no worker; later ones queue behind it.</summary>
    private void StartKeyWorker(PartitionState partition, WorkItem first) =>
        _ = Task.Run(() => RunKeyAsync(partition, first.Key, first));

    /// <summary>Called by workers: the item is handled (or dead-lettered) and may be committed.</summary>
    private void Complete(WorkItem item) => _completions.Enqueue(item);

    private void DrainCompletions()
    {
        _touched.Clear();
        while (_completions.TryDequeue(out var item))
        {
            var partition = item.Partition;
            if (partition.Revoked)
            {
                continue; // finished after its partition was revoked or lost: its new owner redelivers it
            }

            partition.Window.Complete(item.Offset);
            _touched.Add(partition);
        }

        foreach (var partition in _touched)
        {
            Store(partition);
        }

        // Parked counts change on worker threads too: the lanes are re-evaluated on every pass.
        var (interactive, bulk) = _dispatcher.ParkedCounts();
        if (_flow.UpdateLanes(interactive, bulk) || _flowDirty)
        {
            DecideAll();
        }
        else
        {
            foreach (var partition in _touched)
            {
                Decide(partition);
            }
        }

        FlushPauses();
    }

    private void Store(PartitionState partition)
    {
        if (partition.Window.Committable is not { } offset || partition.Revoked)
        {
            return;
        }

        try
        {
            _consumer!.StoreOffset(new TopicPartitionOffset(partition.TopicPartition, new Offset(offset)));
        }
        catch (KafkaException e)
        {
            Log.StoreFailed(_logger, partition.TopicPartition, offset, e.Error.Code);
        }
    }

    private void ApplyFlow(PartitionState touched)
    {
        var (interactive, bulk) = _dispatcher.ParkedCounts();
        if (_flow.UpdateLanes(interactive, bulk) || _flowDirty)
        {
            DecideAll();
        }
        else
        {
            Decide(touched);
        }

        FlushPauses();
    }

    private void DecideAll()
    {
        _flowDirty = false;
        foreach (var partition in _partitions.Values)
        {
            Decide(partition);
        }
    }

    private void Decide(PartitionState partition)
    {
        var pause = _flow.ShouldPause(partition);
        if (pause != partition.Paused)
        {
            (pause ? _toPause : _toResume).Add(partition.TopicPartition);
            partition.Paused = pause;
        }
    }

    private void FlushPauses()
    {
        if (_toPause.Count > 0)
        {
            try
            {
                // Records already fetched for these partitions are dropped by librdkafka and fetched again on resume.
                _consumer!.Pause(_toPause);
                Statistics.Paused(_toPause.Count);
                Log.Paused(_logger, _topic.Name, _toPause.Count, Statistics.Outstanding, Statistics.BulkOutstanding);
            }
            catch (KafkaException e)
            {
                Log.PauseFailed(_logger, _topic.Name, e.Error.Code);
            }

            _toPause.Clear();
        }

        if (_toResume.Count > 0)
        {
            try
            {
                // Fetching restarts after the last record handed to us.
                _consumer!.Resume(_toResume);
                Statistics.Resumed(_toResume.Count);
                Log.Resumed(_logger, _topic.Name, _toResume.Count, Statistics.Outstanding, Statistics.BulkOutstanding);
            }
            catch (KafkaException e)
            {
                Log.PauseFailed(_logger, _topic.Name, e.Error.Code);
            }

            _toResume.Clear();
        }
    }

    private PartitionState Track(TopicPartition topicPartition)
    {
        var (logical, lane) = _subscription
            .Where(s => s.Physical == topicPartition.Topic)
            .Select(s => (s.Logical, s.Lane))
            .DefaultIfEmpty((_topic.Name, TopicLane.Interactive))
            .First();
        var partition = new PartitionState(topicPartition, logical, lane, _deadline.Token);
        _partitions[topicPartition] = partition;
        _flowDirty = true; // decide its pause state (its lane may be over its bound already)
        return partition;
    }
}
