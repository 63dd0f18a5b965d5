using ChatHub.Inference.LlamaCpp;

namespace ChatHub.Inference.Tests.LlamaCpp;

public sealed class LlamaReplyTokensTests
{
    [Fact]
    public void Remember_OverCapacity_ForgetsTheLeastRecentlyUsed()
    {
        var replies = new LlamaReplyTokens(capacity: 2);
        replies.Remember("a", [1]);
        replies.Remember("b", [2]);
        Assert.True(replies.TryGet("a", out _)); // "b" is now the least recently used

        replies.Remember("c", [3]);

        Assert.True(replies.TryGet("a", out var a));
        Assert.Equal([1], a);
        Assert.False(replies.TryGet("b", out _));
        Assert.True(replies.TryGet("c", out _));
        Assert.Equal(2, replies.Count);
    }

    [Fact]
    public void Remember_SameTextAgain_KeepsTheLatestTokens()
    {
        var replies = new LlamaReplyTokens();
        replies.Remember("hi", [1, 2]);
        replies.Remember("hi", [3]);

        Assert.True(replies.TryGet("hi", out var tokens));
        Assert.Equal([3], tokens);
        Assert.Equal(1, replies.Count);
    }

    [Fact]
    public void Remember_EmptyTextOrNoTokens_IsIgnored()
    {
        var replies = new LlamaReplyTokens();
        replies.Remember(string.Empty, [1]);
        replies.Remember("x", []);

        Assert.Equal(0, replies.Count);
    }
}
