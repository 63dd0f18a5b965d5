using ChatHub.Conversation.Retention;
using Microsoft.Extensions.Options;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Tests.Infrastructure;

namespace ChatHub.Conversation.Tests.Stores;

public sealed class InMemoryIdentityAndRoutingTests
{
    [Fact]
    public async Task ResolveAsync_SameIdentity_SameHubUser_DifferentIdentity_NewUser()
    {
        var map = new InMemoryIdentityMap(Options.Create(new RetentionOptions()), TimeProvider.System);
        var a = await map.ResolveAsync(new PlatformIdentity("telegram", "1"), CancellationToken.None).DefaultTimeout();
        var again = await map.ResolveAsync(new PlatformIdentity("telegram", "1"), CancellationToken.None).DefaultTimeout();
        var b = await map.ResolveAsync(new PlatformIdentity("discord", "1"), CancellationToken.None).DefaultTimeout();
        Assert.Equal(a, again);
        Assert.NotEqual(a, b);
        Assert.Equal([new PlatformIdentity("telegram", "1")], await map.GetIdentitiesAsync(a, CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task ResolveAsync_ConcurrentFirstSight_OneHubUser()
    {
        var map = new InMemoryIdentityMap(Options.Create(new RetentionOptions()), TimeProvider.System);
        var ids = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 100), async (_, ct) =>
            ids.Add(await map.ResolveAsync(new PlatformIdentity("webchat", "x"), ct))).DefaultTimeout();
        Assert.Single(ids.Distinct());
    }

    [Fact]
    public async Task RecordAsync_PerChannel_KeepsLatestAndOrdersByActivity()
    {
        var time = new ManualTimeProvider();
        var table = new InMemoryRoutingTable(Options.Create(new RetentionOptions()), time);
        var t0 = time.GetUtcNow();
        var tg1 = new ConversationRef("telegram", "bot", "100");
        var tg2 = new ConversationRef("telegram", "bot", "200");
        var web = new ConversationRef("webchat", "bot", "c1");
        await table.RecordAsync("u", tg1, t0, CancellationToken.None).DefaultTimeout();
        await table.RecordAsync("u", web, t0.AddMinutes(1), CancellationToken.None).DefaultTimeout();
        await table.RecordAsync("u", tg2, t0.AddMinutes(2), CancellationToken.None).DefaultTimeout();
        await table.RecordAsync("u", tg1, t0.AddSeconds(30), CancellationToken.None).DefaultTimeout(); // older: ignored

        var routes = await table.GetRoutesAsync("u", CancellationToken.None).DefaultTimeout();
        Assert.Equal([tg2, web], routes.Select(r => r.Conversation));
    }
}
