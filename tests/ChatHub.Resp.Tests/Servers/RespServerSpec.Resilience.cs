using System.Threading.Channels;
using ChatHub.Resp.PubSub;
using ChatHub.Resp.Tests.TestHelpers;

namespace ChatHub.Resp.Tests.Servers;

/// <summary>Authentication, pub/sub, and what happens when the server goes away.</summary>
public abstract partial class RespServerSpec<TFixture>
{
    private enum CallerOutcome
    {
        Finished,
        ConnectionLost,
    }

    [Fact]
    public async Task ConnectAsync_ServerRequiresPassword_OnlyTheRightPasswordWorks()
    {
        await using var secured = await Fixture.StartAnotherAsync(password: "s3cret-pw");
        var config = secured.Configuration;

        await using var anonymous = await ConnectAsync(config with { Password = null });
        var noAuth = await Assert.ThrowsAsync<RespServerException>(() => anonymous.PingAsync()).DefaultTimeout();
        var wrong = await Assert.ThrowsAsync<RespConnectionException>(() => ConnectAsync(config with { Password = "wrong" })).DefaultTimeout();
        await using var right = await ConnectAsync(config);
        await using var withUser = await ConnectAsync(config with { User = "default" });

        Assert.Equal("NOAUTH", noAuth.Prefix);
        Assert.IsType<RespServerException>(wrong.InnerException);
        Assert.DoesNotContain("s3cret-pw", wrong.ToString(), StringComparison.Ordinal);
        Assert.Equal("PONG", await right.PingAsync().DefaultTimeout());
        Assert.Equal("PONG", await withUser.PingAsync().DefaultTimeout());
    }

    [Fact]
    public async Task PublishAsync_SubscribedChannels_HandlersGetMessagesInOrder()
    {
        await using var subscriber = await RespSubscriber.ConnectAsync(Configuration).DefaultTimeout();
        await using var publisher = await ConnectAsync();
        var channel = Key();
        var exact = Channel.CreateUnbounded<string>();
        var patterned = Channel.CreateUnbounded<RespMessage>();
        await subscriber.SubscribeAsync(channel, m => exact.Writer.TryWrite(m.Text)).DefaultTimeout();
        await subscriber.SubscribePatternAsync(channel[..10] + "*", m => patterned.Writer.TryWrite(m)).DefaultTimeout();

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(2, await publisher.PublishAsync(channel, $"m{i}").DefaultTimeout());
        }

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal($"m{i}", await exact.Reader.ReadAsync().AsTask().DefaultTimeout());
        }

        var first = await patterned.Reader.ReadAsync().AsTask().DefaultTimeout();
        Assert.Equal(channel, first.Channel);
        Assert.Equal(channel[..10] + "*", first.Pattern);
        Assert.Equal("m0", first.Text);
    }

    [Fact]
    public async Task Subscriber_Protocol3_ConfirmationsAndMessagesArriveAsPushes()
    {
        await using var subscriber = await RespSubscriber.ConnectAsync(Configuration with { Protocol = 3 }).DefaultTimeout();
        await using var publisher = await ConnectAsync(Configuration with { Protocol = 3 });
        var channel = Key();
        var received = Channel.CreateUnbounded<string>();
        await using var subscription = await subscriber.SubscribeAsync(channel, m => received.Writer.TryWrite(m.Text)).DefaultTimeout();

        Assert.Equal(1, await publisher.PublishAsync(channel, "pushed").DefaultTimeout());

        Assert.Equal("pushed", await received.Reader.ReadAsync().AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task UnsubscribeAsync_Channel_StopsDelivery()
    {
        await using var subscriber = await RespSubscriber.ConnectAsync(Configuration).DefaultTimeout();
        await using var publisher = await ConnectAsync();
        var channel = Key();
        await subscriber.SubscribeAsync(channel, _ => { }).DefaultTimeout();
        Assert.Equal(1, await publisher.PublishAsync(channel, "x").DefaultTimeout());

        await subscriber.UnsubscribeAsync(channel).DefaultTimeout();

        Assert.Equal(0, await publisher.PublishAsync(channel, "x").DefaultTimeout());
    }

    [Fact]
    public async Task Subscriber_ServerRestartedOnSamePort_ResubscribesAndReceivesAgain()
    {
        await using var subscriber = await RespSubscriber.ConnectAsync(Configuration).DefaultTimeout();
        await using var publisher = await ConnectAsync();
        var channel = Key();
        var received = Channel.CreateUnbounded<string>();
        await subscriber.SubscribeAsync(channel, m => received.Writer.TryWrite(m.Text)).DefaultTimeout();
        await publisher.PublishAsync(channel, "before").DefaultTimeout();
        Assert.Equal("before", await received.Reader.ReadAsync().AsTask().DefaultTimeout());
        var subscriberBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var publisherBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscriber.Reconnected += (_, _) => subscriberBack.TrySetResult();
        publisher.Reconnected += (_, _) => publisherBack.TrySetResult();

        await Fixture.Server.RestartAsync();
        await subscriberBack.Task.DefaultTimeout();
        await publisherBack.Task.DefaultTimeout();

        Assert.Equal(1, await publisher.PublishAsync(channel, "after").DefaultTimeout());
        Assert.Equal("after", await received.Reader.ReadAsync().AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task ServerKilledUnderLoad_FiftyCallers_EveryCallerCompletesAndServiceRecovers()
    {
        await using var client = await ConnectAsync();
        var key = Key();
        var completed = 0;
        var enoughLoad = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Reconnected += (_, _) => back.TrySetResult();

        var callers = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                try
                {
                    await client.IncrementAsync(key);
                }
                catch (RespConnectionException)
                {
                    return CallerOutcome.ConnectionLost;
                }

                if (Interlocked.Increment(ref completed) == 1_000)
                {
                    enoughLoad.TrySetResult();
                }
            }

            return CallerOutcome.Finished;
        })).ToArray();
        await enoughLoad.Task.DefaultTimeout();
        await Fixture.Server.KillAsync();
        var outcomes = await Task.WhenAll(callers).DefaultTimeout();
        await Fixture.Server.StartAsync();
        await back.Task.DefaultTimeout();

        Assert.Equal(50, outcomes.Length);
        Assert.Contains(CallerOutcome.ConnectionLost, outcomes);
        Assert.Equal(1, await client.IncrementAsync(key).DefaultTimeout());
        Assert.True(client.IsConnected);
    }
}
