using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using ChatHub.Testing.Discord;

namespace ChatHub.Adapters.Tests.Discord;

/// <summary>Rate limits end to end (sender → REST → fake), on a manual clock: only the limited bucket waits, unless the limit is global.</summary>
public sealed class DiscordRateLimitTests : IAsyncLifetime
{
    private const string ChannelA = "710000000000000001";
    private const string ChannelB = "710000000000000002";
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(7); // not the request timeout (5 s): a distinct timer

    private readonly ManualTimeProvider _time = new();
    private FakeDiscord _fake = null!;
    private ServiceProvider _services = null!;

    private IChannelSender Sender => _services.GetServices<IChannelSender>().Single();

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync().DefaultTimeout();
        _services = DiscordServices.Build(_fake, time: _time);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync().AsTask().DefaultTimeout();
        await _fake.DisposeAsync().AsTask().DefaultTimeout();
    }

    private Task<SendResult> SendAsync(string channel, string id, string text = "hello") =>
        Sender.SendAsync(DiscordSenderTests.Reply(text, channel: channel, id: id), CancellationToken.None).AsTask();

    [Fact]
    public async Task Final_429OnOneBucket_DelaysOnlyThatBucket()
    {
        _fake.Script(FakeRoute.CreateMessage, 429, channelId: ChannelA, retryAfter: RetryAfter.TotalSeconds);

        var first = SendAsync(ChannelA, "re_a1");
        await _time.WaitForTimerAsync(RetryAfter).DefaultTimeout(); // A is waiting out retry_after
        var second = SendAsync(ChannelA, "re_a2");                    // same bucket: waits too
        var other = await SendAsync(ChannelB, "re_b1").DefaultTimeout(); // another channel's bucket: at once

        Assert.Equal(SendResult.Sent, other);
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        Assert.Equal([(ChannelA, 429), (ChannelB, 200)], _fake.CallsTo(FakeRoute.CreateMessage).Select(c => (c.ChannelId!, c.Status)));

        _time.Advance(RetryAfter);
        Assert.Equal(SendResult.Sent, await first.DefaultTimeout());
        Assert.Equal(SendResult.Sent, await second.DefaultTimeout());
        Assert.Equal(2, _fake.MessagesIn(ChannelA).Count);
        Assert.DoesNotContain(_fake.CallsTo(FakeRoute.CreateMessage).Skip(2), c => c.Status == 429);
    }

    [Fact]
    public async Task Final_Global429_DelaysEveryBucket()
    {
        _fake.Script(FakeRoute.CreateMessage, 429, channelId: ChannelA, retryAfter: RetryAfter.TotalSeconds, global: true);

        var first = SendAsync(ChannelA, "re_a1");
        await _time.WaitForTimerAsync(RetryAfter).DefaultTimeout();
        var other = SendAsync(ChannelB, "re_b1"); // not sent: the limiter knows the global pause

        Assert.False(other.IsCompleted);
        Assert.Empty(_fake.CallsTo(FakeRoute.CreateMessage, ChannelB));

        _time.Advance(RetryAfter);
        Assert.Equal(SendResult.Sent, await first.DefaultTimeout());
        Assert.Equal(SendResult.Sent, await other.DefaultTimeout());
        Assert.Equal(200, Assert.Single(_fake.CallsTo(FakeRoute.CreateMessage, ChannelB)).Status);
    }

    [Fact]
    public async Task Final_BucketRemainingZero_NextRequestWaitsForResetAfter()
    {
        _fake.Script(FakeRoute.CreateMessage, 200, channelId: ChannelA, remaining: 0, resetAfter: 3);

        Assert.Equal(SendResult.Sent, await SendAsync(ChannelA, "re_a1").DefaultTimeout());
        var next = SendAsync(ChannelA, "re_a2"); // waits locally, unsent
        var other = await SendAsync(ChannelB, "re_b1").DefaultTimeout();

        Assert.Equal(SendResult.Sent, other);
        Assert.False(next.IsCompleted);
        Assert.Single(_fake.CallsTo(FakeRoute.CreateMessage, ChannelA));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(SendResult.Sent, await next.DefaultTimeout());
        Assert.Equal(2, _fake.CallsTo(FakeRoute.CreateMessage, ChannelA).Count);
    }

    [Fact]
    public async Task Final_RetryAfterBeyondMaxWait_TransientWithoutWaiting()
    {
        _fake.Script(FakeRoute.CreateMessage, 429, channelId: ChannelA, retryAfter: 600);

        var result = await SendAsync(ChannelA, "re_a1").DefaultTimeout();

        Assert.Equal(SendStatus.Transient, result.Status);
        Assert.Contains("429", result.Reason, StringComparison.Ordinal);
        Assert.Single(_fake.CallsTo(FakeRoute.CreateMessage));
    }

    [Fact]
    public async Task Typing_BucketPaused_SkippedNotQueued()
    {
        _fake.Script(FakeRoute.Typing, 429, channelId: ChannelA, retryAfter: RetryAfter.TotalSeconds);
        var typing = DiscordSenderTests.Reply("", OutboundKind.Typing, channel: ChannelA, id: "re_t1");

        await Sender.SendAsync(typing, CancellationToken.None).DefaultTimeout();
        var again = await Sender.SendAsync(typing with { Id = "re_t2" }, CancellationToken.None).DefaultTimeout();

        Assert.Equal(SendResult.Sent, again);
        Assert.Single(_fake.CallsTo(FakeRoute.Typing, ChannelA));
    }
}
