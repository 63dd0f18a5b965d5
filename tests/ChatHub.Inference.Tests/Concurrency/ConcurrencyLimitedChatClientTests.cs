using ChatHub.Inference.Abstractions;
using ChatHub.Inference.Concurrency;
using ChatHub.Inference.Tests.TestSupport;
using Microsoft.Extensions.AI;

namespace ChatHub.Inference.Tests.Concurrency;

public sealed class ConcurrencyLimitedChatClientTests
{
    private static readonly ModelConcurrencyOptions Options = new() { MaxConcurrentGenerations = 1, QueueCapacity = 2 };

    [Fact]
    public async Task Stream_LimitReached_NoticeWithThePlaceInLineThenTheAnswer()
    {
        var inner = new ScriptedStreamingChatClient("Hello", " there");
        using var client = new ConcurrencyLimitedChatClient(inner, new ModelConcurrencyLimiter(1, 2), Options);
        var first = client.GetStreamingResponseAsync(Messages.Ask("a")).GetAsyncEnumerator();
        var second = client.GetStreamingResponseAsync(Messages.Ask("b")).GetAsyncEnumerator();
        var third = client.GetStreamingResponseAsync(Messages.Ask("c")).GetAsyncEnumerator();

        Assert.Equal("Hello", await NextTextAsync(first)); // holds the only slot, blocked at the gate
        Assert.True(await second.MoveNextAsync().AsTask().DefaultTimeout());
        AssertNotice("You're number 1 in line. I'll answer as soon as it's your turn.", second.Current);
        Assert.True(await third.MoveNextAsync().AsTask().DefaultTimeout());
        AssertNotice("You're number 2 in line. I'll answer as soon as it's your turn.", third.Current);
        var secondReply = ReadRestAsync(second);
        var thirdReply = ReadRestAsync(third);

        Assert.Equal(1, inner.Calls);
        inner.Open();
        Assert.Equal(" there", await NextTextAsync(first));
        Assert.False(await first.MoveNextAsync().AsTask().DefaultTimeout()); // done: the slot passes on
        Assert.Equal("Hello there", await secondReply.DefaultTimeout());
        Assert.Equal("Hello there", await thirdReply.DefaultTimeout());
        Assert.Equal(3, inner.Calls);
        await Task.WhenAll(first.DisposeAsync().AsTask(), second.DisposeAsync().AsTask(), third.DisposeAsync().AsTask()).DefaultTimeout();
    }

    [Fact]
    public async Task Stream_QueueFull_BusyReplyFromTheSystemAndNoNotice()
    {
        var inner = new ScriptedStreamingChatClient("Hello", " there");
        using var client = new ConcurrencyLimitedChatClient(inner, new ModelConcurrencyLimiter(1, 0), Options);
        var first = client.GetStreamingResponseAsync(Messages.Ask("a")).GetAsyncEnumerator();
        Assert.Equal("Hello", await NextTextAsync(first));

        var busy = await client.GetStreamingResponseAsync(Messages.Ask("b")).ToListAsync().AsTask().DefaultTimeout();

        var update = Assert.Single(busy);
        Assert.Equal(Options.BusyReply, update.Text);
        Assert.Equal(ReplySources.System, update.GetSource());
        Assert.False(update.IsNotice());
        Assert.Equal(1, inner.Calls);
        inner.Open();
    }

    [Fact]
    public async Task Stream_HolderCanceled_SlotPassesToTheOneWaiting()
    {
        var inner = new ScriptedStreamingChatClient("Hello", " there");
        var limiter = new ModelConcurrencyLimiter(1, 2);
        using var client = new ConcurrencyLimitedChatClient(inner, limiter, Options);
        using var cancellation = new CancellationTokenSource();
        var first = client.GetStreamingResponseAsync(Messages.Ask("a"), cancellationToken: cancellation.Token).GetAsyncEnumerator(CancellationToken.None);
        Assert.Equal("Hello", await NextTextAsync(first));
        var second = client.GetStreamingResponseAsync(Messages.Ask("b")).GetAsyncEnumerator();
        Assert.True(await second.MoveNextAsync().AsTask().DefaultTimeout());
        Assert.True(second.Current.IsNotice());

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.MoveNextAsync().AsTask()).DefaultTimeout();
        await first.DisposeAsync();

        Assert.Equal("Hello", await NextTextAsync(second)); // the second now generates
        Assert.Equal((1, 0), (limiter.Active, limiter.Waiting));
        inner.Open();
        Assert.Equal(" there", await NextTextAsync(second));
        Assert.False(await second.MoveNextAsync().AsTask().DefaultTimeout());
        Assert.Equal(0, limiter.Active);
    }

    [Fact]
    public async Task Stream_WaiterCanceled_LeavesTheLineWithoutCallingTheModel()
    {
        var inner = new ScriptedStreamingChatClient("Hello", " there");
        var limiter = new ModelConcurrencyLimiter(1, 2);
        using var client = new ConcurrencyLimitedChatClient(inner, limiter, Options);
        var first = client.GetStreamingResponseAsync(Messages.Ask("a")).GetAsyncEnumerator();
        Assert.Equal("Hello", await NextTextAsync(first));
        using var cancellation = new CancellationTokenSource();
        var second = client.GetStreamingResponseAsync(Messages.Ask("b"), cancellationToken: cancellation.Token).GetAsyncEnumerator(CancellationToken.None);
        Assert.True(await second.MoveNextAsync().AsTask().DefaultTimeout());

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.MoveNextAsync().AsTask()).DefaultTimeout();
        await second.DisposeAsync();

        Assert.Equal((1, 0), (limiter.Active, limiter.Waiting));
        Assert.Equal(1, inner.Calls);
        inner.Open();
    }

    [Fact]
    public async Task GetResponse_QueueFull_BusyReply()
    {
        var inner = new ScriptedStreamingChatClient("Hello", " there");
        using var client = new ConcurrencyLimitedChatClient(inner, new ModelConcurrencyLimiter(1, 0), Options);
        var first = client.GetStreamingResponseAsync(Messages.Ask("a")).GetAsyncEnumerator();
        Assert.Equal("Hello", await NextTextAsync(first));

        var busy = await client.GetResponseAsync(Messages.Ask("b")).DefaultTimeout();

        Assert.Equal(Options.BusyReply, busy.Text);
        Assert.Equal(ReplySources.System, busy.GetSource());
        inner.Open();
    }

    private static void AssertNotice(string expected, ChatResponseUpdate update)
    {
        Assert.True(update.IsNotice());
        Assert.Equal(ChatHubResponseProperties.QueueNotice, update.AdditionalProperties![ChatHubResponseProperties.NoticeKey]);
        Assert.Equal(ReplySources.System, update.GetSource());
        Assert.Equal(expected, update.Text);
    }

    private static async Task<string> NextTextAsync(IAsyncEnumerator<ChatResponseUpdate> updates)
    {
        Assert.True(await updates.MoveNextAsync().AsTask().DefaultTimeout());
        return updates.Current.Text;
    }

    private static async Task<string> ReadRestAsync(IAsyncEnumerator<ChatResponseUpdate> updates)
    {
        var text = "";
        while (await updates.MoveNextAsync())
        {
            Assert.False(updates.Current.IsNotice());
            text += updates.Current.Text;
        }

        return text;
    }
}
