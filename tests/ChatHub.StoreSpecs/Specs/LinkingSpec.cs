using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.StoreSpecs;

/// <summary>
/// Linking on a backend's own stores (identity map, sessions, routes, link codes, counters, audit): the guessing
/// limits hold per identity and per client address, a wrong guess never destroys anyone's code, and issuing replaces
/// the issuer's last code. The same rules in every backend, since the limits live in its counters.
/// </summary>
public abstract class LinkingSpec(StoreBackend backend) : StoreSpec(backend)
{
    private static readonly PlatformIdentity Issuer = new("telegram", "100");
    private static readonly ConversationRef IssuerChat = new("telegram", "bot", "100");

    private LinkService CreateService(LinkOptions? options = null) => new(
        Context.CreateIdentityMap(), Context.CreateSessionStore(new SessionOptions()), Context.CreateRoutingTable(), Context.CreateLinkCodeStore(),
        Context.CreateCounterStore(), Context.CreateAuditLog(), [], Options.Create(options ?? new LinkOptions()), Time, NullLogger<LinkService>.Instance);

    private static async Task<LinkOutcome> RedeemAsync(LinkService links, PlatformIdentity identity, string code, string? address = null) =>
        (await links.RedeemAsync(code, "u_" + identity.UserId, identity, address, None).AsTask().DefaultTimeout()).Outcome;

    private static async Task<string> IssueAsync(LinkService links) =>
        (await links.IssueAsync("u_issuer", Issuer, IssuerChat, None).AsTask().DefaultTimeout()).Code!;

    [Fact]
    public async Task Redeem_WrongGuessesFromManyIdentities_NeverDestroyTheCode()
    {
        var links = CreateService();
        var code = await IssueAsync(links);
        var wrong = code[..5] + (code[5] == 'A' ? "BBBB" : "AAAA");
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(LinkOutcome.WrongCode, await RedeemAsync(links, new PlatformIdentity("discord", $"g{i}"), wrong));
        }

        Assert.Equal(LinkOutcome.Linked, await RedeemAsync(links, new PlatformIdentity("discord", "owner"), code));
    }

    [Fact]
    public async Task Redeem_GuessLimits_PerIdentityAndPerClientAddress()
    {
        var links = CreateService(new LinkOptions { MaxFailuresPerIdentity = 3, MaxFailuresPerClient = 5 });
        var code = await IssueAsync(links);
        var guesser = new PlatformIdentity("discord", "guesser");

        var byIdentity = new[]
        {
            await RedeemAsync(links, guesser, "ZZZZ-ZZZA"),
            await RedeemAsync(links, guesser, "ZZZZ-ZZZB"),
            await RedeemAsync(links, guesser, "ZZZZ-ZZZC"),
            await RedeemAsync(links, guesser, code),
        };
        var byAddress = new List<LinkOutcome>();
        for (var i = 0; i < 6; i++)
        {
            byAddress.Add(await RedeemAsync(links, new PlatformIdentity("webchat", $"fresh-{i}"), $"ZZZZ-ZZZ{"ABCDEF"[i]}", "192.0.2.1"));
        }

        Assert.Equal([LinkOutcome.WrongCode, LinkOutcome.WrongCode, LinkOutcome.LockedOut, LinkOutcome.LockedOut], byIdentity);
        Assert.Equal([.. Enumerable.Repeat(LinkOutcome.WrongCode, 4), LinkOutcome.LockedOut, LinkOutcome.LockedOut], byAddress);
        Assert.Equal(LinkOutcome.Linked, await RedeemAsync(links, new PlatformIdentity("webchat", "other-address"), code, "192.0.2.2"));

        await AdvanceAsync(TimeSpan.FromHours(1.1));
        Assert.Equal(LinkOutcome.WrongCode, await RedeemAsync(links, guesser, "ZZZZ-ZZZZ"));
    }

    [Fact]
    public async Task Issue_ANewCode_ReplacesTheIssuersLastOne()
    {
        var links = CreateService();
        var first = await IssueAsync(links);
        var second = await IssueAsync(links);

        Assert.Equal(LinkOutcome.WrongCode, await RedeemAsync(links, new PlatformIdentity("discord", "a"), first));
        Assert.Equal(LinkOutcome.Linked, await RedeemAsync(links, new PlatformIdentity("discord", "b"), second));
    }
}
