using ChatHub.Conversation.WebChat;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.WebChat;

public sealed class InMemoryWebChatTranscriptTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly Clock _clock = new();

    private InMemoryWebChatTranscript Create(int size = 3) =>
        new(Options.Create(new WebChatTranscriptOptions { TranscriptSize = size, TranscriptTtl = TimeSpan.FromHours(1) }), _clock);

    private static WebChatReply Reply(string id) => new(id, "c", "text " + id, true, "knowledge", 0, false);

    [Fact]
    public async Task AppendAsync_NumbersRepliesInOrder()
    {
        var transcript = Create();
        var a = await transcript.AppendAsync("conv", Reply("a"), default);
        var b = await transcript.AppendAsync("conv", Reply("b"), default);
        Assert.Equal(1, a.Seq);
        Assert.Equal(2, b.Seq);
        Assert.Equal(2, await transcript.GetLastSeqAsync("conv", default));
    }

    [Fact]
    public async Task AppendAsync_SameReplyIdTwice_StoredOnce()
    {
        var transcript = Create();
        var first = await transcript.AppendAsync("conv", Reply("a"), default);
        var again = await transcript.AppendAsync("conv", Reply("a"), default);
        Assert.Equal(first, again);
        Assert.Single(await transcript.GetAfterAsync("conv", 0, default));
    }

    [Fact]
    public async Task GetAfterAsync_ReturnsOnlyNewerAndRespectsCap()
    {
        var transcript = Create(size: 3);
        foreach (var id in new[] { "a", "b", "c", "d", "e" })
        {
            await transcript.AppendAsync("conv", Reply(id), default);
        }

        Assert.Equal(["c", "d", "e"], (await transcript.GetAfterAsync("conv", 0, default)).Select(r => r.Id));
        Assert.Equal(["e"], (await transcript.GetAfterAsync("conv", 4, default)).Select(r => r.Id));
        Assert.Empty(await transcript.GetAfterAsync("other", 0, default));
    }

    [Fact]
    public async Task GetAfterAsync_AfterTtl_EmptyButSequenceKeepsCounting()
    {
        var transcript = Create();
        await transcript.AppendAsync("conv", Reply("a"), default);
        _clock.Now += TimeSpan.FromHours(2);
        Assert.Empty(await transcript.GetAfterAsync("conv", 0, default));
        var next = await transcript.AppendAsync("conv", Reply("b"), default);
        Assert.Equal(2, next.Seq); // cursors never go backwards
    }

    [Fact]
    public async Task AppendAsync_TranscriptSweptAfterTtl_SequenceKeptUntilItsRetention()
    {
        var transcript = Create();
        await transcript.AppendAsync("conv", Reply("a"), default);
        await transcript.AppendAsync("conv", Reply("b"), default);
        _clock.Now += TimeSpan.FromHours(25);
        await transcript.AppendAsync("other", Reply("x"), default); // a sweep is due: "conv" expired, its replies go
        Assert.Equal(2, await transcript.GetLastSeqAsync("conv", default));
        Assert.Equal(3, (await transcript.AppendAsync("conv", Reply("c"), default)).Seq);

        _clock.Now += InMemoryWebChatTranscript.SequenceRetention + TimeSpan.FromDays(2);
        await transcript.AppendAsync("other", Reply("y"), default); // past the retention: "conv" is forgotten
        Assert.Equal((0L, 1), (await transcript.GetLastSeqAsync("conv", default), transcript.Count));
    }
}
