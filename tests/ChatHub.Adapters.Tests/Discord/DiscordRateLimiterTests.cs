using ChatHub.Adapters.Discord;
using ChatHub.Adapters.Discord.Api;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Tests.Discord;

/// <summary>Buckets learned from headers, 429 pauses (bucket or global) and the global per-second cap, on a manual clock.</summary>
public sealed class DiscordRateLimiterTests
{
    private readonly ManualTimeProvider _time = new();

    private DiscordRateLimiter Limiter(int globalPerSecond = 50) =>
        new(Options.Create(new DiscordOptions { GlobalRequestsPerSecond = globalPerSecond }), _time);

    private static RateLimitHeaders Headers(string bucket, int remaining, double resetAfter) =>
        new(bucket, remaining, TimeSpan.FromSeconds(resetAfter), false, null, null);

    [Fact]
    public void TryAcquire_NothingKnown_Allowed()
    {
        var limiter = Limiter();

        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire(DiscordRoute.CreateMessage("1")));
    }

    [Fact]
    public void TryAcquire_BucketAtZero_WaitsForResetAfterThenAllowed()
    {
        var limiter = Limiter();
        var route = DiscordRoute.CreateMessage("1");
        limiter.Update(route, Headers("abc", 0, 2.5));

        var wait = limiter.TryAcquire(route);
        _time.Advance(wait);

        Assert.Equal(TimeSpan.FromSeconds(2.5), wait);
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire(route));
    }

    [Fact]
    public void TryAcquire_RemainingCountedDownLocally()
    {
        var limiter = Limiter();
        var route = DiscordRoute.CreateMessage("1");
        limiter.Update(route, Headers("abc", 2, 1));

        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire(route));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire(route));
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.TryAcquire(route));
    }

    [Fact]
    public void Buckets_SameIdOtherChannel_Independent()
    {
        var limiter = Limiter();
        limiter.Update(DiscordRoute.CreateMessage("1"), Headers("abc", 0, 5));

        Assert.NotEqual(TimeSpan.Zero, limiter.TryAcquire(DiscordRoute.CreateMessage("1")));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire(DiscordRoute.CreateMessage("2")));
    }

    [Fact]
    public void Buckets_RoutesSharingABucketId_ShareItsState()
    {
        var limiter = Limiter();
        limiter.Update(DiscordRoute.EditMessage("1", "9"), Headers("shared", 3, 5));
        limiter.Update(DiscordRoute.CreateMessage("1"), Headers("shared", 0, 5));

        Assert.NotEqual(TimeSpan.Zero, limiter.TryAcquire(DiscordRoute.EditMessage("1", "10")));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire(DiscordRoute.TriggerTyping("1")));
    }

    [Fact]
    public void Pause_BucketScoped_OnlyThatBucketWaits()
    {
        var limiter = Limiter();
        limiter.Update(DiscordRoute.CreateMessage("1"), Headers("abc", 4, 1));

        limiter.Pause(DiscordRoute.CreateMessage("1"), TimeSpan.FromSeconds(7), global: false);

        Assert.Equal(TimeSpan.FromSeconds(7), limiter.TryAcquire(DiscordRoute.CreateMessage("1")));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire(DiscordRoute.CreateMessage("2")));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire(DiscordRoute.TriggerTyping("1")));
    }

    [Fact]
    public void Pause_Global_EveryRouteWaits()
    {
        var limiter = Limiter();

        limiter.Pause(DiscordRoute.CreateMessage("1"), TimeSpan.FromSeconds(3), global: true);

        Assert.Equal(TimeSpan.FromSeconds(3), limiter.TryAcquire(DiscordRoute.CreateMessage("2")));
        Assert.Equal(TimeSpan.FromSeconds(3), limiter.TryAcquire(DiscordRoute.TriggerTyping("3")));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire(DiscordRoute.TriggerTyping("3")));
    }

    [Fact]
    public void GlobalPerSecond_Exceeded_WaitsForTheNextSecond()
    {
        var limiter = Limiter(globalPerSecond: 3);

        var waits = Enumerable.Range(1, 4).Select(i => limiter.TryAcquire(DiscordRoute.CreateMessage(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToList();
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(1)], waits);
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire(DiscordRoute.CreateMessage("4")));
    }
}
