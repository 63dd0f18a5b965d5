using ChatHub.Inference.Abstractions;
using ChatHub.Inference.Concurrency;
using ChatHub.Inference.HotQuestions;
using ChatHub.Inference.Tests.TestSupport;

namespace ChatHub.Inference.Tests.Concurrency;

public sealed class QueueNoticeThroughTheChainTests
{
    [Fact]
    public async Task HotQuestionStream_QueuedModelAnswer_NoticeStreamsLiveButIsNotCached()
    {
        using var harness = new HotQuestionCacheHarness();
        var limiter = new ModelConcurrencyLimiter(maxConcurrent: 1, queueCapacity: 4);
        var inner = new StubChatClient("the answer", ReplySources.Model);
        using var client = new HotQuestionChatClient(new ConcurrencyLimitedChatClient(inner, limiter, new ModelConcurrencyOptions()), harness.Cache);
        var busy = limiter.Enter(); // another conversation holds the only slot

        await using var updates = client.GetStreamingResponseAsync(Messages.Ask("What is ChatHub?")).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync().AsTask().DefaultTimeout());
        var notice = updates.Current;
        busy.Dispose();
        var rest = new List<string>();
        while (await updates.MoveNextAsync().AsTask().DefaultTimeout())
        {
            Assert.False(updates.Current.IsNotice());
            rest.Add(updates.Current.Text);
        }

        var again = await client.GetResponseAsync(Messages.Ask("what is chathub")).DefaultTimeout();

        Assert.True(notice.IsNotice());
        Assert.Contains("number 1 in line", notice.Text, StringComparison.Ordinal);
        Assert.Equal("the answer", string.Concat(rest));
        Assert.Equal(ReplySources.Cache, again.GetSource());
        Assert.Equal("the answer", again.Text);
        Assert.Equal(1, inner.Calls);
    }
}
