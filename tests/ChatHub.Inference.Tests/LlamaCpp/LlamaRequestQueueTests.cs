using ChatHub.Inference.LlamaCpp;

namespace ChatHub.Inference.Tests.LlamaCpp;

public sealed class LlamaRequestQueueTests
{
    [Fact]
    public void TryDequeue_InteractiveAfterLong_InteractiveFirst()
    {
        var queue = new LlamaRequestQueue();
        var longRequest = Request(interactive: false);
        var shortRequest = Request(interactive: true);
        queue.Enqueue(longRequest);
        queue.Enqueue(shortRequest);

        Assert.True(queue.TryDequeue(out var first));
        Assert.True(queue.TryDequeue(out var second));

        Assert.Same(shortRequest, first);
        Assert.Same(longRequest, second);
        Assert.False(queue.TryDequeue(out _));
    }

    [Fact]
    public void TryDequeue_ManyInteractive_LetsALongOneInAfterEveryFairnessInterval()
    {
        var queue = new LlamaRequestQueue();
        var longRequest = Request(interactive: false);
        queue.Enqueue(longRequest);
        for (var i = 0; i < 10; i++)
        {
            queue.Enqueue(Request(interactive: true));
        }

        var order = new List<LlamaRequest>();
        while (queue.TryDequeue(out var request))
        {
            order.Add(request);
        }

        Assert.Equal(LlamaRequestQueue.FairnessInterval, order.IndexOf(longRequest));
        Assert.Equal(11, order.Count);
    }

    private static LlamaRequest Request(bool interactive) =>
        new([1, 2, 3], 8, LlamaSamplingSettings.Greedy, interactive, CancellationToken.None);
}
