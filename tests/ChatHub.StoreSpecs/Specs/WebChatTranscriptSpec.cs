using System.Collections.Concurrent;
using ChatHub.Conversation.WebChat;

namespace ChatHub.StoreSpecs;

public abstract class WebChatTranscriptSpec(StoreBackend backend) : StoreSpec(backend)
{
    private IWebChatTranscript Create(int size = 3) =>
        Context.CreateTranscript(new WebChatTranscriptOptions { TranscriptSize = size, TranscriptTtl = TimeSpan.FromHours(1) });

    private static WebChatReply Reply(string id) => new(id, "c-" + id, "text " + id, true, "knowledge", 0, false);

    [Fact]
    public async Task AppendAsync_NumbersRepliesInOrder()
    {
        var transcript = Create();
        var a = await transcript.AppendAsync("conv", Reply("a"), None).DefaultTimeout();
        var b = await transcript.AppendAsync("conv", Reply("b"), None).DefaultTimeout();
        Assert.Equal(Reply("a") with { Seq = 1 }, a);
        Assert.Equal(2, b.Seq);
        Assert.Equal(2, await transcript.GetLastSeqAsync("conv", None).DefaultTimeout());
        Assert.Equal(0, await transcript.GetLastSeqAsync("other", None).DefaultTimeout());
    }

    [Fact]
    public async Task AppendAsync_SameReplyIdTwice_StoredOnce()
    {
        var transcript = Create();
        var first = await transcript.AppendAsync("conv", Reply("a"), None).DefaultTimeout();
        var again = await transcript.AppendAsync("conv", Reply("a") with { Text = "retry" }, None).DefaultTimeout();
        Assert.Equal(first, again);
        Assert.Single(await transcript.GetAfterAsync("conv", 0, None).DefaultTimeout());
    }

    [Fact]
    public async Task AppendAsync_Concurrent_DistinctSequenceNumbers()
    {
        var transcript = Create(size: 100);
        var seqs = new ConcurrentBag<long>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 50), async (i, ct) =>
            seqs.Add((await transcript.AppendAsync("conv", Reply($"r{i}"), ct)).Seq)).DefaultTimeout();
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), seqs.Order());
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), (await transcript.GetAfterAsync("conv", 0, None).DefaultTimeout()).Select(r => r.Seq));
    }

    [Fact]
    public async Task GetAfterAsync_ReturnsOnlyNewerAndRespectsCap()
    {
        var transcript = Create(size: 3);
        foreach (var id in new[] { "a", "b", "c", "d", "e" })
        {
            await transcript.AppendAsync("conv", Reply(id), None).DefaultTimeout();
        }

        Assert.Equal(["c", "d", "e"], (await transcript.GetAfterAsync("conv", 0, None).DefaultTimeout()).Select(r => r.Id));
        Assert.Equal(["e"], (await transcript.GetAfterAsync("conv", 4, None).DefaultTimeout()).Select(r => r.Id));
        Assert.Empty(await transcript.GetAfterAsync("other", 0, None).DefaultTimeout());
    }

    [Fact]
    public async Task GetAfterAsync_AfterTtl_EmptyButSequenceKeepsCounting()
    {
        var transcript = Create();
        await transcript.AppendAsync("conv", Reply("a"), None).DefaultTimeout();
        await AdvanceAsync(TimeSpan.FromHours(2));
        Assert.Empty(await transcript.GetAfterAsync("conv", 0, None).DefaultTimeout());
        var next = await transcript.AppendAsync("conv", Reply("b"), None).DefaultTimeout();
        Assert.Equal(2, next.Seq); // cursors never go backwards
    }

    [Fact]
    public async Task RemoveAsync_ForgetsTheConversation()
    {
        var transcript = Create();
        await transcript.AppendAsync("conv", Reply("a"), None).DefaultTimeout();
        await transcript.AppendAsync("conv", Reply("b"), None).DefaultTimeout();
        Assert.Equal(2, await transcript.RemoveAsync("conv", None).DefaultTimeout());
        Assert.Empty(await transcript.GetAfterAsync("conv", 0, None).DefaultTimeout());
        Assert.Equal(0, await transcript.RemoveAsync("conv", None).DefaultTimeout());
        Assert.Equal(0, await transcript.GetLastSeqAsync("conv", None).DefaultTimeout());
    }
}
