using ChatHub.Inference.LlamaCpp;

namespace ChatHub.Inference.Tests.LlamaCpp;

public sealed class LlamaGreedyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(512)]
    [InlineData(49_152)]
    [InlineData(32_001)]
    public void ArgMax_RandomLogits_PicksWhatLlamaCppsGreedyLoopPicks(int length)
    {
        var random = new Random(length);
        for (var round = 0; round < 20; round++)
        {
            var logits = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 40) - 20)).ToArray();

            Assert.Equal(LlamaGreedy.ArgMaxScalar(logits), LlamaGreedy.ArgMax(logits));
        }
    }

    [Fact]
    public void ArgMax_TiedMaximum_TakesTheEarlierToken()
    {
        var logits = new float[100];
        logits[37] = 5;
        logits[12] = 5;
        logits[90] = 5;

        Assert.Equal(12, LlamaGreedy.ArgMax(logits));
    }

    [Fact]
    public void ArgMax_NegativeAndPositiveZeroMaximum_TakesTheEarlierAsLlamaCppDoes()
    {
        var logits = Enumerable.Repeat(-1f, 64).ToArray();
        logits[20] = -0f;
        logits[40] = 0f;

        Assert.Equal(20, LlamaGreedy.ArgMax(logits)); // 0 > -0 is false in C
        Assert.Equal(LlamaGreedy.ArgMaxScalar(logits), LlamaGreedy.ArgMax(logits));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(33)]
    [InlineData(63)]
    public void ArgMax_NaN_FollowsTheScalarRule(int nanAt)
    {
        var logits = Enumerable.Range(0, 64).Select(i => (float)Math.Sin(i)).ToArray();
        logits[nanAt] = float.NaN;

        Assert.Equal(LlamaGreedy.ArgMaxScalar(logits), LlamaGreedy.ArgMax(logits));
    }

    [Fact]
    public void ArgMax_AllNegativeInfinity_TakesTheFirst()
    {
        Assert.Equal(0, LlamaGreedy.ArgMax(Enumerable.Repeat(float.NegativeInfinity, 40).ToArray()));
    }
}
