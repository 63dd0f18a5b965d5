using ChatHub.Kafka.Topology;

namespace ChatHub.Kafka.Consuming;

/// <summary>
/// Pause decisions (consume thread only), each bound with hysteresis:
/// <list type="bullet">
/// <item>a lane's parked records (consumed, waiting for an in-flight slot) ≥ <c>MaxBuffered</c>: the lane's
/// partitions are paused, so a saturated worker stops fetching and memory stays bounded; they resume when the
/// parked records are down to a quarter, so each resume refills a large batch (a resume refetches);</item>
/// <item>a partition's uncommitted window ≥ <c>MaxInFlightPerPartition</c>: that partition is paused, so one stuck
/// message bounds what a crash would redeliver; it resumes once a quarter of the bound has been committed.</item>
/// </list>
/// </summary>
internal sealed class FlowControl
{
    private readonly bool[] _laneOver = new bool[2];

    public FlowControl(int parkedLimit, int maxPerPartition)
    {
        ParkedLimit = parkedLimit;
        MaxPerPartition = maxPerPartition;
    }

    public int ParkedLimit { get; }

    public int MaxPerPartition { get; }

    /// <summary>Where a paused partition resumes: a quarter of the bound below it.</summary>
    public static int ResumeAt(int bound) => bound - Math.Max(1, bound / 4);

    /// <summary>Where a paused lane resumes: when its parked records are down to a quarter of the limit.</summary>
    public static int RefillAt(int limit) => Math.Min(limit / 4, limit - 1);

    /// <summary>Updates the lanes' bounds; true when one flipped (every partition of that lane needs a decision).</summary>
    public bool UpdateLanes(int parkedInteractive, int parkedBulk)
    {
        var interactive = LaneOver(_laneOver[(int)TopicLane.Interactive], parkedInteractive);
        var bulk = LaneOver(_laneOver[(int)TopicLane.Bulk], parkedBulk);
        var changed = interactive != _laneOver[(int)TopicLane.Interactive] || bulk != _laneOver[(int)TopicLane.Bulk];
        _laneOver[(int)TopicLane.Interactive] = interactive;
        _laneOver[(int)TopicLane.Bulk] = bulk;
        return changed;
    }

    /// <summary>Whether the partition should be paused now.</summary>
    public bool ShouldPause(PartitionState partition)
    {
        partition.OverBound = Crossed(partition.OverBound, partition.Window.Count, MaxPerPartition);
        return partition.OverBound || _laneOver[(int)partition.Lane];
    }

    private static bool Crossed(bool over, int value, int bound) => over ? value > ResumeAt(bound) : value >= bound;

    private bool LaneOver(bool over, int parked) => over ? parked > RefillAt(ParkedLimit) : parked >= ParkedLimit;
}
