using ChatHub.Adapters.Slack;
using ChatHub.Adapters.Slack.Egress;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Tests.Slack;

/// <summary>The budgets: posts per channel with a burst, chat.update for the workspace, a pause after a 429.</summary>
public sealed class SlackRateLimiterTests
{
    private readonly ManualTimeProvider _time = new();

    private SlackRateLimiter Limiter(int updatesPerMinute = 50) =>
        new(Options.Create(new SlackOptions { PostsPerChannelPerSecond = 1, PostsPerChannelBurst = 3, UpdatesPerMinute = updatesPerMinute }), _time);

    [Fact]
    public void TryAcquire_PostsPastTheBurst_WaitAboutOneSecondPerChannel()
    {
        var limiter = Limiter();

        var burst = Enumerable.Range(0, 3).Select(_ => limiter.TryAcquire(SlackRateLimiter.PostMessage, "C1")).ToList();
        var fourth = limiter.TryAcquire(SlackRateLimiter.PostMessage, "C1");
        var otherChannel = limiter.TryAcquire(SlackRateLimiter.PostMessage, "C2");
        _time.Advance(TimeSpan.FromSeconds(1));
        var later = limiter.TryAcquire(SlackRateLimiter.PostMessage, "C1");

        Assert.All(burst, w => Assert.Equal(TimeSpan.Zero, w));
        Assert.InRange(fourth, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.Zero, otherChannel);
        Assert.Equal(TimeSpan.Zero, later);
    }

    [Fact]
    public void TryAcquire_Updates_SharedByAllChannelsAtTheTierRate()
    {
        var limiter = Limiter(updatesPerMinute: 60);

        var taken = Enumerable.Range(0, 10).Count(i => limiter.TryAcquire(SlackRateLimiter.Update, $"C{i}") == TimeSpan.Zero);
        var next = limiter.TryAcquire(SlackRateLimiter.Update, "C99");

        Assert.Equal(6, taken); // a burst of a tenth of a minute's budget
        Assert.InRange(next, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Pause_After429_BlocksThatMethodAndChannelForRetryAfter()
    {
        var limiter = Limiter();

        limiter.Pause(SlackRateLimiter.PostMessage, "C1", TimeSpan.FromSeconds(30));
        var paused = limiter.TryAcquire(SlackRateLimiter.PostMessage, "C1");
        var update = limiter.TryAcquire(SlackRateLimiter.Update, "C1");
        _time.Advance(TimeSpan.FromSeconds(30));
        var after = limiter.TryAcquire(SlackRateLimiter.PostMessage, "C1");

        Assert.Equal(TimeSpan.FromSeconds(30), paused);
        Assert.Equal(TimeSpan.Zero, update);
        Assert.Equal(TimeSpan.Zero, after);
    }
}
