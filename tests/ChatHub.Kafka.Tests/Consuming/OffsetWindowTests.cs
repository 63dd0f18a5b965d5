using ChatHub.Kafka.Consuming;

namespace ChatHub.Kafka.Tests.Consuming;

public sealed class OffsetWindowTests
{
    [Theory]
    // dispatched, completed (in this order), expected committable (-1: none yet), expected window
    [InlineData(new long[] { 0, 1, 2 }, new long[] { 0, 1, 2 }, 3, 0)]
    [InlineData(new long[] { 0, 1, 2 }, new long[] { 2, 1 }, -1, 3)]
    [InlineData(new long[] { 0, 1, 2 }, new long[] { 2, 1, 0 }, 3, 0)]
    [InlineData(new long[] { 0, 1, 2, 3, 4 }, new long[] { 0, 1, 2, 4 }, 3, 2)]
    [InlineData(new long[] { 5, 9, 12 }, new long[] { 5, 12 }, 6, 2)] // gaps (compaction, control records)
    [InlineData(new long[] { 5, 9, 12 }, new long[] { 9, 12, 5 }, 13, 0)]
    public void Complete_AnyOrder_CommittableIsOnePastTheHighestContiguouslyCompleted(long[] dispatched, long[] completed, long committable, int window)
    {
        var offsets = new OffsetWindow();
        foreach (var offset in dispatched)
        {
            offsets.Add(offset);
        }

        foreach (var offset in completed)
        {
            offsets.Complete(offset);
        }

        Assert.Equal(committable < 0 ? null : committable, offsets.Committable);
        Assert.Equal(window, offsets.Count);
    }

    [Fact]
    public void Complete_HeadCompletes_ReportsAdvance()
    {
        var offsets = new OffsetWindow();
        offsets.Add(0);
        offsets.Add(1);
        Assert.False(offsets.Complete(1));
        Assert.Equal(0, offsets.LowestInFlight);
        Assert.True(offsets.Complete(0));
        Assert.Null(offsets.LowestInFlight);
    }

    [Fact]
    public void Add_OffsetNotIncreasing_RefusedAndThrows()
    {
        var offsets = new OffsetWindow();
        offsets.Add(4);
        Assert.False(offsets.Accepts(4));
        Assert.False(offsets.Accepts(2)); // a position reset: the consume loop starts a new generation instead
        Assert.True(offsets.Accepts(5));
        Assert.Throws<InvalidOperationException>(() => offsets.Add(4));
    }
}
