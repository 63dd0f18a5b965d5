using System.Collections.Concurrent;
using ChatHub.Redis.PubSub;
using ChatHub.Redis.Tests.Backends;
using StackExchange.Redis;

namespace ChatHub.Redis.Tests.PubSub;

/// <summary>The thin pub/sub layer on the shared multiplexer, against redis-server: order, the bound, handler failures.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisChannelSubscriberTests(RedisBackend backend)
{
    private readonly string _channel = $"ps-{Guid.NewGuid():N}";

    [Fact]
    public async Task SubscribeAsync_Messages_HandledInOrder()
    {
        var subscriber = new RedisChannelSubscriber(backend.Connection);
        var seen = new ConcurrentQueue<string>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await subscriber.SubscribeAsync(_channel, (message, _) =>
        {
            seen.Enqueue(message.ToString());
            if (seen.Count == 100)
            {
                all.TrySetResult();
            }

            return ValueTask.CompletedTask;
        }, default).DefaultTimeout();

        for (var i = 0; i < 100; i++)
        {
            await Publish(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await all.Task.DefaultTimeout();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), seen);
        Assert.Equal(0, subscriber.DroppedMessageCount);
    }

    [Fact]
    public async Task SubscribeAsync_SlowHandler_QueueStaysBounded_OldestDroppedAndCounted()
    {
        var subscriber = new RedisChannelSubscriber(backend.Connection, capacity: 4);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new ConcurrentQueue<string>();
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await subscriber.SubscribeAsync(_channel, async (message, _) =>
        {
            first.TrySetResult();
            await release.Task;
            seen.Enqueue(message.ToString());
            if (message == "19")
            {
                last.TrySetResult();
            }
        }, default).DefaultTimeout();

        var fifteenDropped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.MessageDropped += (_, _) =>
        {
            if (subscriber.DroppedMessageCount == 15)
            {
                fifteenDropped.TrySetResult();
            }
        };

        await Publish("0");
        await first.Task.DefaultTimeout(); // the handler holds "0"; the rest queue up behind it, 4 at most
        for (var i = 1; i < 20; i++)
        {
            await Publish(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await fifteenDropped.Task.DefaultTimeout(); // 19 queued into 4 places: the 15 oldest dropped
        release.SetResult();
        await last.Task.DefaultTimeout();

        Assert.Equal(["0", "16", "17", "18", "19"], seen);
        Assert.Equal(15, subscriber.DroppedMessageCount);
    }

    [Fact]
    public async Task SubscribeAsync_HandlerThrows_RaisesHandlerFailed_AndDeliveryGoesOn()
    {
        var subscriber = new RedisChannelSubscriber(backend.Connection);
        var failed = new TaskCompletionSource<RedisHandlerFailedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.HandlerFailed += (_, e) => failed.TrySetResult(e);
        var next = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await subscriber.SubscribeAsync(_channel, (message, _) =>
        {
            if (message == "bad")
            {
                throw new InvalidOperationException("handler bug");
            }

            next.TrySetResult(message.ToString());
            return ValueTask.CompletedTask;
        }, default).DefaultTimeout();

        await Publish("bad");
        await Publish("good");

        var failure = await failed.Task.DefaultTimeout();
        Assert.Equal(_channel, failure.Channel);
        Assert.Equal("handler bug", failure.Exception.Message);
        Assert.Equal("good", await next.Task.DefaultTimeout());
    }

    private async Task Publish(string message) =>
        await backend.Connection.Multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(_channel), message).DefaultTimeout();
}
