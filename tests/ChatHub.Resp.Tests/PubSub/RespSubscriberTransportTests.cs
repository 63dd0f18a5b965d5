using System.Threading.Channels;
using ChatHub.Resp.PubSub;
using ChatHub.Resp.Tests.TestHelpers;

namespace ChatHub.Resp.Tests.PubSub;

public sealed class RespSubscriberTransportTests
{
    [Fact]
    public async Task SubscribeAsync_ServerConfirmsThenPublishes_HandlerGetsMessage()
    {
        var (subscriber, server, _) = await StartAsync();
        await using var _s = subscriber;
        var received = Channel.CreateUnbounded<RespMessage>();

        var subscribing = subscriber.SubscribeAsync("news", m => received.Writer.TryWrite(m));
        await server.ExpectAsync("*2\r\n$9\r\nSUBSCRIBE\r\n$4\r\nnews\r\n");
        await server.SendAsync("*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n");
        await subscribing.DefaultTimeout();
        await server.SendAsync("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n");

        var message = await received.Reader.ReadAsync().AsTask().DefaultTimeout();
        Assert.Equal("news", message.Channel);
        Assert.Null(message.Pattern);
        Assert.Equal("hello", message.Text);
    }

    [Fact]
    public async Task SubscribePatternAsync_Resp3PushMessage_HandlerGetsChannelAndPattern()
    {
        var (subscriber, server, _) = await StartAsync();
        await using var _s = subscriber;
        var received = Channel.CreateUnbounded<RespMessage>();

        var subscribing = subscriber.SubscribePatternAsync("room:*", m => received.Writer.TryWrite(m));
        Assert.Equal(["PSUBSCRIBE", "room:*"], await server.ReadCommandAsync());
        await server.SendAsync(">3\r\n$10\r\npsubscribe\r\n$6\r\nroom:*\r\n:1\r\n");
        await subscribing.DefaultTimeout();
        await server.SendAsync(">4\r\n$8\r\npmessage\r\n$6\r\nroom:*\r\n$6\r\nroom:1\r\n$2\r\nhi\r\n");

        var message = await received.Reader.ReadAsync().AsTask().DefaultTimeout();
        Assert.Equal("room:1", message.Channel);
        Assert.Equal("room:*", message.Pattern);
        Assert.Equal("hi", message.Text);
    }

    [Fact]
    public async Task Handlers_OneChannelBlocked_OtherChannelStillDeliveredAndOrderKept()
    {
        var (subscriber, server, _) = await StartAsync();
        await using var _s = subscriber;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new List<string>();
        var slowDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fast = Channel.CreateUnbounded<string>();
        await SubscribeAsync(subscriber, server, "slow", async (m, _) =>
        {
            await release.Task;
            slow.Add(m.Text);
            if (slow.Count == 20)
            {
                slowDone.TrySetResult();
            }
        });
        await SubscribeAsync(subscriber, server, "fast", (m, _) => { fast.Writer.TryWrite(m.Text); return ValueTask.CompletedTask; });

        for (var i = 0; i < 20; i++)
        {
            await server.SendAsync(Message("slow", $"s{i}"));
        }

        await server.SendAsync(Message("fast", "f"));
        Assert.Equal("f", await fast.Reader.ReadAsync().AsTask().DefaultTimeout());
        Assert.Empty(slow);
        release.TrySetResult();
        await slowDone.Task.DefaultTimeout();

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"s{i}"), slow);
    }

    [Fact]
    public async Task Handler_Throws_HandlerFailedRaisedAndNextMessageDelivered()
    {
        var (subscriber, server, _) = await StartAsync();
        await using var _s = subscriber;
        var failed = new TaskCompletionSource<RespHandlerFailedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = Channel.CreateUnbounded<string>();
        subscriber.HandlerFailed += (_, e) => failed.TrySetResult(e);
        await SubscribeAsync(subscriber, server, "c", (m, _) =>
        {
            if (m.Text == "boom")
            {
                throw new InvalidOperationException("boom");
            }

            received.Writer.TryWrite(m.Text);
            return ValueTask.CompletedTask;
        });

        await server.SendAsync(Message("c", "boom") + Message("c", "ok"));

        Assert.Equal("c", (await failed.Task.DefaultTimeout()).Channel);
        Assert.Equal("ok", await received.Reader.ReadAsync().AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task Reconnect_AfterConnectionLost_ResubscribesEverythingBeforeRaisingReconnected()
    {
        var (subscriber, server, transport) = await StartAsync();
        await using var _s = subscriber;
        var received = Channel.CreateUnbounded<string>();
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.Reconnected += (_, _) => reconnected.TrySetResult();
        await SubscribeAsync(subscriber, server, "a", (m, _) => { received.Writer.TryWrite(m.Text); return ValueTask.CompletedTask; });
        var patternSubscribing = subscriber.SubscribePatternAsync("p*", m => received.Writer.TryWrite(m.Text));
        await server.ReadCommandAsync();
        await server.SendAsync("*3\r\n$10\r\npsubscribe\r\n$2\r\np*\r\n:2\r\n");
        await patternSubscribing.DefaultTimeout();

        server.Disconnect();
        var second = await transport.AcceptAsync();
        var commands = new[] { await second.ReadCommandAsync(), await second.ReadCommandAsync() };
        Assert.False(reconnected.Task.IsCompleted);
        await second.SendAsync("*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n*3\r\n$10\r\npsubscribe\r\n$2\r\np*\r\n:2\r\n");
        await reconnected.Task.DefaultTimeout();
        await second.SendAsync(Message("a", "after"));

        Assert.Contains(["SUBSCRIBE", "a"], commands);
        Assert.Contains(["PSUBSCRIBE", "p*"], commands);
        Assert.Equal("after", await received.Reader.ReadAsync().AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task DisposeSubscription_LastHandler_SendsUnsubscribeAndStopsDelivery()
    {
        var (subscriber, server, _) = await StartAsync();
        await using var _s = subscriber;
        var count = 0;
        var subscription = await SubscribeAsync(subscriber, server, "c", (_, _) => { Interlocked.Increment(ref count); return ValueTask.CompletedTask; });

        var unsubscribing = subscription.DisposeAsync().AsTask();
        Assert.Equal(["UNSUBSCRIBE", "c"], await server.ReadCommandAsync());
        await server.SendAsync(Message("c", "late") + "*3\r\n$11\r\nunsubscribe\r\n$1\r\nc\r\n:0\r\n");
        await unsubscribing.DefaultTimeout();

        Assert.Equal(0, Volatile.Read(ref count));
    }

    [Fact]
    public async Task SubscribeAsync_ServerRejects_ThrowsAndForgetsTheChannel()
    {
        var (subscriber, server, _) = await StartAsync();
        await using var _s = subscriber;

        var subscribing = subscriber.SubscribeAsync("c", _ => { });
        await server.ReadCommandAsync();
        await server.SendAsync("-NOPERM no permissions to access the 'c' channel\r\n");
        await Assert.ThrowsAsync<RespServerException>(() => subscribing).DefaultTimeout();
        var again = subscriber.SubscribeAsync("c", _ => { });

        Assert.Equal(["SUBSCRIBE", "c"], await server.ReadCommandAsync());
        await server.SendAsync("*3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n");
        await again.DefaultTimeout();
    }

    private static string Message(string channel, string text) =>
        $"*3\r\n$7\r\nmessage\r\n${channel.Length}\r\n{channel}\r\n${text.Length}\r\n{text}\r\n";

    private static async Task<RespSubscription> SubscribeAsync(
        RespSubscriber subscriber, TestDuplexStream server, string channel, Func<RespMessage, CancellationToken, ValueTask> handler)
    {
        var subscribing = subscriber.SubscribeAsync(channel, handler);
        Assert.Equal(["SUBSCRIBE", channel], await server.ReadCommandAsync());
        await server.SendAsync($"*3\r\n$9\r\nsubscribe\r\n${channel.Length}\r\n{channel}\r\n:1\r\n");
        return await subscribing.DefaultTimeout();
    }

    private static async Task<(RespSubscriber Subscriber, TestDuplexStream Server, TestTransport Transport)> StartAsync()
    {
        var transport = new TestTransport();
        var subscriber = await RespSubscriber.ConnectAsync(transport.Configuration()).DefaultTimeout();
        return (subscriber, await transport.AcceptAsync(), transport);
    }
}
