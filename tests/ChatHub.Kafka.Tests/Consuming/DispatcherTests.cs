using ChatHub.Kafka.Consuming;
using ChatHub.Kafka.Topology;
using Confluent.Kafka;

namespace ChatHub.Kafka.Tests.Consuming;

/// <summary>The in-flight budget and the priority lane, without a broker.</summary>
public sealed class DispatcherTests
{
    private readonly PartitionState _interactive = new(new TopicPartition("in", 0), "in", TopicLane.Interactive, CancellationToken.None);
    private readonly PartitionState _bulk = new(new TopicPartition("in.bulk", 0), "in.bulk", TopicLane.Bulk, CancellationToken.None);
    private readonly List<WorkItem> _started = [];
    private long _offset;

    [Theory]
    [InlineData(8, 3, 1, 2)]
    [InlineData(256, 3, 1, 64)]
    [InlineData(10, 1, 1, 5)]
    [InlineData(4, 100, 1, 1)] // at least one slot
    [InlineData(4, 1, 100, 3)] // never every slot
    [InlineData(1, 1, 1, 1)]
    public void BulkShareOf_Weights_ProportionalAtLeastOneNeverAll(int maxInFlight, int interactiveWeight, int bulkWeight, int share) =>
        Assert.Equal(share, Dispatcher.BulkShareOf(maxInFlight, interactiveWeight, bulkWeight));

    [Fact]
    public void Offer_BulkFlood_BulkHoldsItsShareAndInteractiveStillStarts()
    {
        var statistics = new ConsumerStatistics();
        var dispatcher = Create(maxInFlight: 8, bulkShare: 2, statistics);
        for (var i = 0; i < 50; i++)
        {
            dispatcher.Offer(Item(_bulk, $"group-{i}"));
        }

        Assert.Equal(2, statistics.Outstanding);
        Assert.Equal(48, statistics.ParkedBulk);

        for (var i = 0; i < 10; i++)
        {
            dispatcher.Offer(Item(_interactive, $"dm-{i}"));
        }

        // Bulk is waiting, so interactive may use all but the bulk share: 6 start, 4 wait.
        Assert.Equal(8, statistics.Outstanding);
        Assert.Equal(2, statistics.BulkOutstanding);
        Assert.Equal(4, statistics.ParkedInteractive);
        Assert.Equal(6, _started.Count(i => i.Partition == _interactive));
    }

    [Fact]
    public void Offer_NoBulkWaiting_InteractiveMayUseEverySlot()
    {
        var statistics = new ConsumerStatistics();
        var dispatcher = Create(maxInFlight: 8, bulkShare: 2, statistics);
        for (var i = 0; i < 10; i++)
        {
            dispatcher.Offer(Item(_interactive, $"dm-{i}"));
        }

        Assert.Equal(8, statistics.Outstanding);
        Assert.Equal(2, statistics.ParkedInteractive);
    }

    [Fact]
    public void Done_InteractiveHeldEverySlot_FreedSlotGoesToWaitingBulkUpToItsShare()
    {
        var statistics = new ConsumerStatistics();
        var dispatcher = Create(maxInFlight: 2, bulkShare: 1, statistics);
        var a = Item(_interactive, "a");
        var b = Item(_interactive, "b");
        dispatcher.Offer(a);
        dispatcher.Offer(b); // no bulk waiting yet: interactive takes both slots
        dispatcher.Offer(Item(_bulk, "g"));
        dispatcher.Offer(Item(_interactive, "c"));
        Assert.Equal(2, statistics.Outstanding);

        dispatcher.Done(a);
        Assert.Equal("g", _started[^1].Key); // bulk is below its share and waiting: it gets the slot

        dispatcher.Done(b);
        Assert.Equal("c", _started[^1].Key);
        Assert.Equal((0, 0), dispatcher.ParkedCounts());
    }

    [Fact]
    public void Offer_SameKey_QueuedBehindItsWorkerInOrder()
    {
        var dispatcher = Create(maxInFlight: 8, bulkShare: 2, new ConsumerStatistics());
        var items = Enumerable.Range(0, 3).Select(_ => Item(_interactive, "k")).ToList();
        foreach (var item in items)
        {
            dispatcher.Offer(item);
        }

        Assert.Single(_started); // one worker per key; the others wait in its queue
        Assert.True(_interactive.TryTakeNext("k", out var second));
        Assert.Same(items[1], second);
        Assert.True(_interactive.TryTakeNext("k", out var third));
        Assert.Same(items[2], third);
        Assert.False(_interactive.TryTakeNext("k", out _));
    }

    [Fact]
    public void RemoveParked_RevokedPartition_DropsOnlyItsWaitingRecords()
    {
        var statistics = new ConsumerStatistics();
        var dispatcher = Create(maxInFlight: 1, bulkShare: 1, statistics);
        dispatcher.Offer(Item(_interactive, "a"));
        dispatcher.Offer(Item(_interactive, "b"));
        dispatcher.Offer(Item(_bulk, "g"));

        Assert.Equal(1, dispatcher.RemoveParked(p => p == _bulk));
        Assert.Equal((1, 0), dispatcher.ParkedCounts());
    }

    private Dispatcher Create(int maxInFlight, int bulkShare, ConsumerStatistics statistics) =>
        new(maxInFlight, bulkShare, (_, item) => _started.Add(item), statistics);

    private WorkItem Item(PartitionState partition, string key)
    {
        var offset = _offset++;
        var result = new ConsumeResult<byte[], byte[]>
        {
            TopicPartitionOffset = new TopicPartitionOffset(partition.TopicPartition, offset),
            Message = new Message<byte[], byte[]> { Value = [], Timestamp = new Timestamp(DateTime.UtcNow) },
        };
        var item = new WorkItem(partition, offset, key, result);
        partition.Window.Add(offset);
        return item;
    }
}
