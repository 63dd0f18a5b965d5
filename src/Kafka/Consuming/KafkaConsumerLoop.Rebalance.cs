using Confluent.Kafka;

namespace ChatHub.Kafka.Consuming;

/// <summary>
/// Rebalance callbacks (run by Confluent.Kafka on the consume thread, inside Consume or Close). Incremental
/// (cooperative-sticky): only partitions that move are revoked. Revoked partitions stop being dispatched at once;
/// their in-flight work may finish within <c>RevokeTimeout</c>, the rest is abandoned (cancelled, uncommitted), and
/// the watermark reached is stored, which librdkafka commits as it unassigns them. Lost partitions (session
/// expired) are abandoned without committing: another member already owns them.
/// </summary>
internal sealed partial class KafkaConsumerLoop<T>
{
    private void OnAssigned(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions)
    {
        try
        {
            Assigned(partitions);
        }
        catch (Exception e)
        {
            // A throwing callback would make Confluent.Kafka unassign everything: log it instead.
            Log.RebalanceFailed(_logger, _topic.Name, Group, e);
        }
    }

    private void OnRevoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> revoked)
    {
        try
        {
            Revoked(consumer, revoked);
        }
        catch (Exception e)
        {
            Log.RebalanceFailed(_logger, _topic.Name, Group, e);
            Forget(consumer, [.. revoked.Select(p => _partitions.GetValueOrDefault(p.TopicPartition)).OfType<PartitionState>()]);
        }
    }

    private void OnLost(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> lost)
    {
        try
        {
            Lost(consumer, lost);
        }
        catch (Exception e)
        {
            Log.RebalanceFailed(_logger, _topic.Name, Group, e);
            Forget(consumer, [.. lost.Select(p => _partitions.GetValueOrDefault(p.TopicPartition)).OfType<PartitionState>()]);
        }
    }

    private void Assigned(List<TopicPartition> partitions)
    {
        foreach (var topicPartition in partitions)
        {
            if (!_partitions.ContainsKey(topicPartition))
            {
                Track(topicPartition);
            }
        }

        Statistics.AssignedPartitions = _partitions.Count;
        if (Statistics.State == ConsumerState.Joining)
        {
            Statistics.State = ConsumerState.Assigned;
        }

        Log.PartitionsAssigned(_logger, _topic.Name, Group, partitions.Count, _partitions.Count);
    }

    private void Revoked(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> revoked)
    {
        var states = revoked.Select(p => _partitions.GetValueOrDefault(p.TopicPartition)).OfType<PartitionState>().ToList();

        // Stop: records parked for these partitions never start (the next owner gets them from the watermark).
        var set = states.ToHashSet();
        _dispatcher.RemoveParked(set.Contains);

        // Finish: a bounded wait for the revoked partitions' in-flight work (not while closing: Drain already waited).
        var deadline = _closing ? _time.GetUtcNow() : _time.GetUtcNow() + _options.Consumer.RevokeTimeout;
        WaitUntil(() => states.All(s => Volatile.Read(ref s.InFlight) == 0), deadline);

        // Abandon: what is still running is cancelled and will be redelivered to the partition's next owner.
        var abandoned = states.Sum(s => Volatile.Read(ref s.InFlight));
        if (abandoned > 0)
        {
            Log.RevokeAbandoned(_logger, _topic.Name, Group, abandoned);
        }

        Forget(consumer, states);
        Log.PartitionsRevoked(_logger, _topic.Name, Group, revoked.Count, _partitions.Count);
    }

    private void Lost(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> lost)
    {
        var states = lost.Select(p => _partitions.GetValueOrDefault(p.TopicPartition)).OfType<PartitionState>().ToList();
        Log.PartitionsLost(_logger, _topic.Name, Group, lost.Count, states.Sum(s => Volatile.Read(ref s.InFlight)));
        Forget(consumer, states); // at once: nothing more is stored, the offsets belong to the new owner now
    }

    /// <summary>Drops partitions: parked records are removed, in-flight work is abandoned, completions are ignored from now on.</summary>
    private void Forget(IConsumer<byte[], byte[]> consumer, List<PartitionState> states)
    {
        var set = states.ToHashSet();
        _dispatcher.RemoveParked(set.Contains);
        var paused = new List<TopicPartition>();
        foreach (var state in states)
        {
            if (state.Revoked)
            {
                continue;
            }

            state.Revoked = true;
            _partitions.Remove(state.TopicPartition);
            if (Volatile.Read(ref state.InFlight) > 0)
            {
                state.Abandon();
                _retired.Add(state); // its workers may still hold its token: disposed when the loop ends
            }
            else
            {
                state.Dispose();
            }

            if (state.Paused)
            {
                paused.Add(state.TopicPartition);
            }
        }

        // librdkafka keeps an application pause across a revoke; clear it so a later re-assignment fetches.
        if (paused.Count > 0)
        {
            try
            {
                consumer.Resume(paused);
            }
            catch (KafkaException e)
            {
                Log.PauseFailed(_logger, _topic.Name, e.Error.Code);
            }
        }

        Statistics.AssignedPartitions = _partitions.Count;
        _flowDirty = true;
    }
}
