using System.Collections.Concurrent;
using ChatHub.Conversation.Identity;

namespace ChatHub.StoreSpecs;

public abstract class IdentityMapSpec(StoreBackend backend) : StoreSpec(backend)
{
    private static readonly PlatformIdentity Telegram = new("telegram", "1");
    private static readonly PlatformIdentity Discord = new("discord", "1");
    private static readonly PlatformIdentity Web = new("webchat", "c:with:colons");

    [Fact]
    public async Task ResolveAsync_SameIdentity_SameHubUser_DifferentIdentity_NewUser()
    {
        var map = Context.CreateIdentityMap();
        var a = await map.ResolveAsync(Telegram, None).DefaultTimeout();
        var again = await map.ResolveAsync(Telegram, None).DefaultTimeout();
        var b = await map.ResolveAsync(Discord, None).DefaultTimeout();
        Assert.Equal(a, again);
        Assert.NotEqual(a, b);
        Assert.Equal([Telegram], await map.GetIdentitiesAsync(a, None).DefaultTimeout());
    }

    [Fact]
    public async Task ResolveAsync_ConcurrentFirstSight_OneHubUser()
    {
        var map = Context.CreateIdentityMap();
        var ids = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 100), async (_, ct) => ids.Add(await map.ResolveAsync(Web, ct))).DefaultTimeout();
        var owner = Assert.Single(ids.Distinct());
        Assert.Equal([Web], await map.GetIdentitiesAsync(owner, None).DefaultTimeout());
    }

    [Fact]
    public async Task FindAsync_UnknownIdentity_ReturnsNullAndCreatesNothing()
    {
        var map = Context.CreateIdentityMap();
        Assert.Null(await map.FindAsync(Telegram, None).DefaultTimeout());
        Assert.Null(await map.FindAsync(Telegram, None).DefaultTimeout());
        var created = await map.ResolveAsync(Telegram, None).DefaultTimeout();
        Assert.Equal(created, await map.FindAsync(Telegram, None).DefaultTimeout());
    }

    [Fact]
    public async Task GetIdentitiesAsync_UnknownUser_Empty()
    {
        var map = Context.CreateIdentityMap();
        Assert.Empty(await map.GetIdentitiesAsync("u_nobody", None).DefaultTimeout());
    }

    [Fact]
    public async Task MergeAsync_MovesEveryIdentityOfTheSource()
    {
        var map = Context.CreateIdentityMap();
        var into = await map.ResolveAsync(Telegram, None).DefaultTimeout();
        var from = await map.ResolveAsync(Discord, None).DefaultTimeout();
        var fromWeb = await map.DetachAsync(Web, None).DefaultTimeout();
        await map.MergeAsync(fromWeb, from, None).DefaultTimeout();

        await map.MergeAsync(from, into, None).DefaultTimeout();

        Assert.Equal(into, await map.FindAsync(Discord, None).DefaultTimeout());
        Assert.Equal(into, await map.FindAsync(Web, None).DefaultTimeout());
        Assert.Equal(Sorted([Telegram, Discord, Web]), Sorted(await map.GetIdentitiesAsync(into, None).DefaultTimeout()));
        Assert.Empty(await map.GetIdentitiesAsync(from, None).DefaultTimeout());
    }

    [Fact]
    public async Task MergeAsync_SameOrUnknownUser_ChangesNothing()
    {
        var map = Context.CreateIdentityMap();
        var user = await map.ResolveAsync(Telegram, None).DefaultTimeout();
        await map.MergeAsync(user, user, None).DefaultTimeout();
        await map.MergeAsync("u_unknown", user, None).DefaultTimeout();
        Assert.Equal([Telegram], await map.GetIdentitiesAsync(user, None).DefaultTimeout());
        Assert.Equal(user, await map.FindAsync(Telegram, None).DefaultTimeout());
    }

    [Fact]
    public async Task DetachAsync_GivesTheIdentityAFreshUser()
    {
        var map = Context.CreateIdentityMap();
        var user = await map.ResolveAsync(Telegram, None).DefaultTimeout();
        await map.MergeAsync(await map.ResolveAsync(Discord, None).DefaultTimeout(), user, None).DefaultTimeout();

        var fresh = await map.DetachAsync(Discord, None).DefaultTimeout();

        Assert.NotEqual(user, fresh);
        Assert.Equal(fresh, await map.FindAsync(Discord, None).DefaultTimeout());
        Assert.Equal([Telegram], await map.GetIdentitiesAsync(user, None).DefaultTimeout());
        Assert.Equal([Discord], await map.GetIdentitiesAsync(fresh, None).DefaultTimeout());
    }

    [Fact]
    public async Task DetachAsync_ConcurrentOnOneIdentity_ExactlyOneOwnerHoldsIt()
    {
        var map = Context.CreateIdentityMap();
        var original = await map.ResolveAsync(Telegram, None).DefaultTimeout();
        var fresh = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 20), async (_, ct) => fresh.Add(await map.DetachAsync(Telegram, ct))).DefaultTimeout();

        Assert.Equal(20, fresh.Distinct().Count());
        var owner = await map.FindAsync(Telegram, None).DefaultTimeout();
        Assert.Contains(owner, fresh);
        var holders = 0;
        foreach (var user in fresh.Append(original))
        {
            holders += (await map.GetIdentitiesAsync(user, None).DefaultTimeout()).Count;
        }

        Assert.Equal(1, holders);
    }

    [Fact]
    public async Task RemoveUserAsync_ForgetsTheUserAndReturnsItsIdentities()
    {
        var map = Context.CreateIdentityMap();
        var user = await map.ResolveAsync(Telegram, None).DefaultTimeout();
        await map.MergeAsync(await map.ResolveAsync(Discord, None).DefaultTimeout(), user, None).DefaultTimeout();

        var removed = await map.RemoveUserAsync(user, None).DefaultTimeout();

        Assert.Equal(Sorted([Telegram, Discord]), Sorted(removed));
        Assert.Null(await map.FindAsync(Telegram, None).DefaultTimeout());
        Assert.Empty(await map.GetIdentitiesAsync(user, None).DefaultTimeout());
        Assert.NotEqual(user, await map.ResolveAsync(Telegram, None).DefaultTimeout());
        Assert.Empty(await map.RemoveUserAsync("u_unknown", None).DefaultTimeout());
    }

    [Fact]
    public async Task ResolveAsync_IdentityNotSeenForItsRetention_IsForgottenAndStartsAnew()
    {
        Context.Retention.Identities = TimeSpan.FromDays(10);
        var map = Context.CreateIdentityMap();
        var user = await map.ResolveAsync(Telegram, None).DefaultTimeout();

        await AdvanceAsync(TimeSpan.FromDays(9));
        Assert.Equal(user, await map.FindAsync(Telegram, None).DefaultTimeout());
        await AdvanceAsync(TimeSpan.FromDays(2));

        Assert.Null(await map.FindAsync(Telegram, None).DefaultTimeout());
        Assert.Empty(await map.GetIdentitiesAsync(user, None).DefaultTimeout());
        var fresh = await map.ResolveAsync(Telegram, None).DefaultTimeout();
        Assert.NotEqual(user, fresh);
        Assert.Equal([Telegram], await map.GetIdentitiesAsync(fresh, None).DefaultTimeout());
    }

    [Fact]
    public async Task ResolveAsync_IdentitySeenAgain_LivesOn()
    {
        Context.Retention.Identities = TimeSpan.FromDays(10);
        var map = Context.CreateIdentityMap();
        var user = await map.ResolveAsync(Telegram, None).DefaultTimeout();
        for (var i = 0; i < 4; i++)
        {
            await AdvanceAsync(TimeSpan.FromDays(8));
            Assert.Equal(user, await map.ResolveAsync(Telegram, None).DefaultTimeout());
        }

        await AdvanceAsync(TimeSpan.FromDays(8));
        Assert.Equal(user, await map.FindAsync(Telegram, None).DefaultTimeout());
    }

    [Fact]
    public async Task Retention_WebChatIdentities_ExpireOnTheirOwnPeriod_LinkedOnesEach()
    {
        Context.Retention.Identities = TimeSpan.FromDays(100);
        Context.Retention.WebChatIdentities = TimeSpan.FromDays(5);
        var map = Context.CreateIdentityMap();
        var user = await map.ResolveAsync(Telegram, None).DefaultTimeout();
        await map.MergeAsync(await map.ResolveAsync(Web, None).DefaultTimeout(), user, None).DefaultTimeout();

        await AdvanceAsync(TimeSpan.FromDays(6));

        Assert.Null(await map.FindAsync(Web, None).DefaultTimeout());
        Assert.Equal([Telegram], await map.GetIdentitiesAsync(user, None).DefaultTimeout());
        Assert.Equal(user, await map.FindAsync(Telegram, None).DefaultTimeout());
    }

    private static string[] Sorted(IEnumerable<PlatformIdentity> identities) => [.. identities.Select(i => i.ToString()).Order(StringComparer.Ordinal)];
}
