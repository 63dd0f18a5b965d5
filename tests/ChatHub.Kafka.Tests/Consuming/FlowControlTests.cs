using ChatHub.Kafka.Consuming;
using ChatHub.Kafka.Topology;
using Confluent.Kafka;

namespace ChatHub.Kafka.Tests.Consuming;

public sealed class FlowControlTests
{
    [Theory]
    [InlineData(8, 6)]
    [InlineData(4, 3)]
    [InlineData(1, 0)]
    [InlineData(1000, 750)]
    public void ResumeAt_Bound_AQuarterBelow(int bound, int resumeAt) => Assert.Equal(resumeAt, FlowControl.ResumeAt(bound));

    [Theory]
    [InlineData(8, 2)]
    [InlineData(256, 64)]
    [InlineData(2, 0)]
    [InlineData(1, 0)]
    public void RefillAt_Limit_AQuarterOfIt(int limit, int refillAt) => Assert.Equal(refillAt, FlowControl.RefillAt(limit));

    [Fact]
    public void ShouldPause_LaneFull_PausesThatLaneUntilRefillPoint()
    {
        var flow = new FlowControl(parkedLimit: 8, maxPerPartition: 1000);
        var bulk = new PartitionState(new TopicPartition("b", 0), "b", TopicLane.Bulk, CancellationToken.None);
        var interactive = new PartitionState(new TopicPartition("i", 0), "i", TopicLane.Interactive, CancellationToken.None);

        Assert.True(flow.UpdateLanes(parkedInteractive: 0, parkedBulk: 8));
        Assert.True(flow.ShouldPause(bulk));
        Assert.False(flow.ShouldPause(interactive));

        Assert.False(flow.UpdateLanes(0, 3)); // hysteresis: still paused
        Assert.True(flow.ShouldPause(bulk));
        Assert.True(flow.UpdateLanes(0, 2)); // down to a quarter: refill
        Assert.False(flow.ShouldPause(bulk));
    }

    [Fact]
    public void ShouldPause_PartitionWindowFull_PausesThatPartition()
    {
        var flow = new FlowControl(parkedLimit: 8, maxPerPartition: 4);
        var partition = new PartitionState(new TopicPartition("i", 0), "i", TopicLane.Interactive, CancellationToken.None);
        for (var offset = 0; offset < 4; offset++)
        {
            partition.Window.Add(offset);
        }

        Assert.True(flow.ShouldPause(partition));
        partition.Window.Complete(0);
        Assert.False(flow.ShouldPause(partition)); // 3 = resume point of 4
    }
}
