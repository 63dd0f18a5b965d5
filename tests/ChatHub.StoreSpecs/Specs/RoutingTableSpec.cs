using ChatHub.Conversation.Messages;

namespace ChatHub.StoreSpecs;

public abstract class RoutingTableSpec(StoreBackend backend) : StoreSpec(backend)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.FromHours(2));
    private static readonly ConversationRef Tg1 = new("telegram", "bot", "100");
    private static readonly ConversationRef Tg2 = new("telegram", "bot", "200", ThreadId: "7");
    private static readonly ConversationRef Web = new("webchat", "bot", "c1");

    [Fact]
    public async Task ListChannelAsync_PagesThroughEveryLiveRouteOfTheChannel()
    {
        var table = Context.CreateRoutingTable();
        var now = Time.GetUtcNow();
        for (var i = 0; i < 25; i++)
        {
            await table.RecordAsync($"u{i:D2}", new ConversationRef("telegram", "bot", $"{i}"), now, None).DefaultTimeout();
        }

        await table.RecordAsync("u03", new ConversationRef("discord", "bot", "d3"), now, None).DefaultTimeout();
        await table.RecordAsync("w1", new ConversationRef("webchat", "bot", "c1"), now - Context.Retention.WebChatIdentities - TimeSpan.FromMinutes(1), None)
            .DefaultTimeout();

        var seen = new Dictionary<string, ConversationRef>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await table.ListChannelAsync("telegram", cursor, 10, None).DefaultTimeout();
            foreach (var (user, route) in page.Routes)
            {
                seen[user] = route.Conversation;
            }

            cursor = page.NextCursor;
            Assert.True(++pages < 1000);
        }
        while (cursor is not null);

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"u{i:D2}"), seen.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(new ConversationRef("telegram", "bot", "3"), seen["u03"]);
        Assert.Equal("u03", Assert.Single(await AllAsync(table, "discord")));
        Assert.Empty(await AllAsync(table, "webchat")); // past its retention
    }

    private static async Task<List<string>> AllAsync(Conversation.Routing.IRoutingTable table, string channel)
    {
        var users = new List<string>();
        string? cursor = null;
        do
        {
            var page = await table.ListChannelAsync(channel, cursor, 100, None).DefaultTimeout();
            users.AddRange(page.Routes.Select(r => r.HubUserId));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return [.. users.Distinct()];
    }

    [Fact]
    public async Task RecordAsync_PerChannel_KeepsLatestAndOrdersByActivity()
    {
        var table = Context.CreateRoutingTable();
        await table.RecordAsync("u", Tg1, T0, None).DefaultTimeout();
        await table.RecordAsync("u", Web, T0.AddMinutes(1), None).DefaultTimeout();
        await table.RecordAsync("u", Tg2, T0.AddMinutes(2), None).DefaultTimeout();
        await table.RecordAsync("u", Tg1, T0.AddSeconds(30), None).DefaultTimeout(); // older: ignored

        var routes = await table.GetRoutesAsync("u", None).DefaultTimeout();
        Assert.Equal([Tg2, Web], routes.Select(r => r.Conversation));
        Assert.Equal([T0.AddMinutes(2), T0.AddMinutes(1)], routes.Select(r => r.LastActiveAt));
    }

    [Fact]
    public async Task RecordAsync_SameTime_NewcomerWins_SubTickOrderIsExact()
    {
        var table = Context.CreateRoutingTable();
        await table.RecordAsync("u", Tg1, T0, None).DefaultTimeout();
        await table.RecordAsync("u", Tg2, T0, None).DefaultTimeout();
        Assert.Equal(Tg2, Assert.Single(await table.GetRoutesAsync("u", None).DefaultTimeout()).Conversation);

        await table.RecordAsync("u", Tg1, T0.AddTicks(-1), None).DefaultTimeout(); // one tick older: ignored
        Assert.Equal(Tg2, Assert.Single(await table.GetRoutesAsync("u", None).DefaultTimeout()).Conversation);
        await table.RecordAsync("u", Tg1, T0.AddTicks(1), None).DefaultTimeout();
        Assert.Equal(Tg1, Assert.Single(await table.GetRoutesAsync("u", None).DefaultTimeout()).Conversation);
    }

    [Fact]
    public async Task MergeAsync_MoreRecentRouteWinsPerChannel_SourceIsGone()
    {
        var table = Context.CreateRoutingTable();
        await table.RecordAsync("into", Tg1, T0.AddMinutes(5), None).DefaultTimeout();
        await table.RecordAsync("from", Tg2, T0, None).DefaultTimeout();          // older than into's telegram route
        await table.RecordAsync("from", Web, T0.AddMinutes(9), None).DefaultTimeout();

        await table.MergeAsync("from", "into", None).DefaultTimeout();

        var routes = await table.GetRoutesAsync("into", None).DefaultTimeout();
        Assert.Equal([Web, Tg1], routes.Select(r => r.Conversation));
        Assert.Empty(await table.GetRoutesAsync("from", None).DefaultTimeout());
    }

    [Fact]
    public async Task MergeAsync_NewerSourceRouteReplacesTarget()
    {
        var table = Context.CreateRoutingTable();
        await table.RecordAsync("into", Tg1, T0, None).DefaultTimeout();
        await table.RecordAsync("from", Tg2, T0.AddHours(1), None).DefaultTimeout();
        await table.MergeAsync("from", "into", None).DefaultTimeout();
        Assert.Equal(Tg2, Assert.Single(await table.GetRoutesAsync("into", None).DefaultTimeout()).Conversation);
    }

    [Fact]
    public async Task RemoveAsync_ForgetsEveryRoute()
    {
        var table = Context.CreateRoutingTable();
        await table.RecordAsync("u", Tg1, T0, None).DefaultTimeout();
        await table.RecordAsync("u", Web, T0, None).DefaultTimeout();
        await table.RemoveAsync("u", None).DefaultTimeout();
        Assert.Empty(await table.GetRoutesAsync("u", None).DefaultTimeout());
        Assert.Empty(await table.GetRoutesAsync("never", None).DefaultTimeout());
    }

    [Fact]
    public async Task RemoveChannelAsync_ForgetsThatChannelOnly()
    {
        var table = Context.CreateRoutingTable();
        await table.RecordAsync("u", Tg1, T0, None).DefaultTimeout();
        await table.RecordAsync("u", Web, T0, None).DefaultTimeout();
        await table.RemoveChannelAsync("u", "telegram", None).DefaultTimeout();
        await table.RemoveChannelAsync("never", "telegram", None).DefaultTimeout();
        Assert.Equal(Web, Assert.Single(await table.GetRoutesAsync("u", None).DefaultTimeout()).Conversation);
    }

    [Fact]
    public async Task GetRoutesAsync_RouteOlderThanItsChannelsRetention_Gone()
    {
        Context.Retention.Identities = TimeSpan.FromDays(10);
        Context.Retention.WebChatIdentities = TimeSpan.FromDays(2);
        var table = Context.CreateRoutingTable();
        var now = Time.GetUtcNow();
        await table.RecordAsync("u", Tg1, now, None).DefaultTimeout();
        await table.RecordAsync("u", Web, now, None).DefaultTimeout();

        await AdvanceAsync(TimeSpan.FromDays(3));
        Assert.Equal(Tg1, Assert.Single(await table.GetRoutesAsync("u", None).DefaultTimeout()).Conversation);

        await table.RecordAsync("u", Tg2, Time.GetUtcNow(), None).DefaultTimeout(); // seen again: lives on
        await AdvanceAsync(TimeSpan.FromDays(8));
        Assert.Equal(Tg2, Assert.Single(await table.GetRoutesAsync("u", None).DefaultTimeout()).Conversation);
        await AdvanceAsync(TimeSpan.FromDays(3));
        Assert.Empty(await table.GetRoutesAsync("u", None).DefaultTimeout());
    }
}
