using ChatHub.Inference.LlamaCpp;

namespace ChatHub.Inference.Tests.LlamaCpp;

public sealed class LlamaBatchPlannerTests
{
    [Fact]
    public void Plan_NothingMeasured_TakesEveryGeneratingSequence()
    {
        var planner = new LlamaBatchPlanner(16);

        Assert.Equal(8, planner.Plan(8));
        Assert.Equal(1, planner.Plan(1));
        Assert.Equal(0, planner.Plan(0));
    }

    [Fact]
    public void Plan_BiggerBatchAmortizes_KeepsTheBigBatch()
    {
        var planner = Measured((1, 20), (8, 60));

        Assert.Equal(8, planner.Plan(8)); // 133 tokens/s against 50
    }

    [Fact]
    public void Plan_SmallerBatchClearlyFaster_TakesTurnsInSmallerBatches()
    {
        var planner = Measured((1, 20), (2, 100));

        Assert.Equal(1, planner.Plan(2)); // 50 tokens/s against 20
    }

    [Fact]
    public void Plan_NotAdaptive_KeepsTheFullBatchEvenWhenASmallerOneIsFaster()
    {
        var planner = Measured(adaptive: false, (1, 20), (2, 100));

        Assert.Equal(2, planner.Plan(2));
    }

    [Fact]
    public void Plan_SmallerBatchOnlySlightlyFaster_StaysWithTheFullBatch()
    {
        var planner = Measured((1, 20), (4, 85));

        Assert.Equal(4, planner.Plan(4)); // 50 against 47: within the margin
    }

    [Fact]
    public void Plan_SizeNotYetWarm_IsMeasuredFirst()
    {
        var planner = Measured((1, 20));
        planner.Record(2, TimeSpan.FromMilliseconds(100));

        Assert.Equal(2, planner.Plan(2));
    }

    [Fact]
    public void Plan_EveryRefreshInterval_MeasuresTheFullBatchAgain()
    {
        var planner = Measured((1, 20), (2, 100));

        var plans = Enumerable.Range(0, LlamaBatchPlanner.RefreshInterval).Select(_ => planner.Plan(2)).ToList();

        Assert.Equal(LlamaBatchPlanner.Warmup, plans.Count(size => size == 2)); // a few in a row, so that one slow step does not decide
    }

    [Fact]
    public void Plan_OneSlowFullBatchStep_DoesNotSplitTheBatch()
    {
        var planner = Measured((1, 20), (8, 60));
        planner.Record(8, TimeSpan.FromMilliseconds(600)); // a load spike: one step ten times slower

        Assert.Equal(8, planner.Plan(8)); // the median of the recent steps is still 60 ms
    }

    [Fact]
    public void Plan_SmallerBatchMeasuredLongAgo_NoLongerCompetes()
    {
        var planner = Measured((1, 20), (2, 100));
        for (var i = 0; i <= LlamaBatchPlanner.StaleAfter; i++)
        {
            planner.Plan(2);
            planner.Record(2, TimeSpan.FromMilliseconds(100)); // only the full batch is measured from now on
        }

        Assert.Equal(2, planner.Plan(2));
    }

    private static LlamaBatchPlanner Measured(params (int Size, double Milliseconds)[] costs) => Measured(adaptive: true, costs);

    private static LlamaBatchPlanner Measured(bool adaptive, params (int Size, double Milliseconds)[] costs)
    {
        var planner = new LlamaBatchPlanner(16, adaptive);
        foreach (var (size, milliseconds) in costs)
        {
            for (var i = 0; i < LlamaBatchPlanner.Warmup; i++)
            {
                planner.Record(size, TimeSpan.FromMilliseconds(milliseconds));
            }
        }

        return planner;
    }
}
