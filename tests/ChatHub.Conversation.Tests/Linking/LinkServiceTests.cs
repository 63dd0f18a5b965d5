using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Counters;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Linking;

public sealed class LinkServiceTests
{
    private static readonly PlatformIdentity Telegram = new(ChannelNames.Telegram, "111");
    private static readonly PlatformIdentity Discord = new(ChannelNames.Discord, "222");
    private static readonly PlatformIdentity Mallory = new(ChannelNames.WebChat, "c_mallory");
    private static readonly ConversationRef TelegramChat = new(ChannelNames.Telegram, "bot", "111");

    private readonly ManualTimeProvider _time = ManualTimeProvider.WithRealTimers();
    private readonly InMemoryIdentityMap _identities = new();
    private readonly InMemorySessionStore _sessions;
    private readonly InMemoryRoutingTable _routes = new();
    private readonly InMemoryAuditLog _audit = new();
    private readonly LinkService _links;

    public LinkServiceTests()
    {
        _sessions = new InMemorySessionStore(Options.Create(new SessionOptions { MaxTurns = 10 }), _time);
        _links = new LinkService(_identities, _sessions, _routes, new InMemoryLinkCodeStore(_time), new InMemoryCounterStore(_time), _audit,
            Options.Create(new LinkOptions()), _time, NullLogger<LinkService>.Instance);
    }

    private async Task<string> IssueAsync(PlatformIdentity identity)
    {
        var user = await _identities.ResolveAsync(identity, default);
        var result = await _links.IssueAsync(user, identity, TelegramChat, default).DefaultTimeout();
        Assert.Equal(LinkOutcome.Issued, result.Outcome);
        return result.Code!;
    }

    private async Task<LinkResult> RedeemAsync(PlatformIdentity identity, string code) =>
        await _links.RedeemAsync(code, await _identities.ResolveAsync(identity, default), identity, default).DefaultTimeout();

    [Fact]
    public async Task RedeemAsync_ValidCode_MergesIdentitiesSessionsAndRoutesIntoIssuer()
    {
        var tgUser = await _identities.ResolveAsync(Telegram, default);
        var dcUser = await _identities.ResolveAsync(Discord, default);
        await _sessions.AppendAsync(tgUser, [new SessionTurn(SessionRoles.User, "my name is Ada", _time.GetUtcNow(), "telegram")], default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _sessions.AppendAsync(dcUser, [new SessionTurn(SessionRoles.User, "hello from discord", _time.GetUtcNow(), "discord")], default);
        _time.Advance(TimeSpan.FromSeconds(1));
        await _sessions.AppendAsync(tgUser, [new SessionTurn(SessionRoles.User, "later on telegram", _time.GetUtcNow(), "telegram")], default);
        await _routes.RecordAsync(dcUser, new ConversationRef(ChannelNames.Discord, "bot", "dm-1"), _time.GetUtcNow(), default);

        var code = await IssueAsync(Telegram);
        var result = await RedeemAsync(Discord, code);

        Assert.Equal(LinkOutcome.Linked, result.Outcome);
        Assert.Equal(TelegramChat, result.OtherSide);
        Assert.Equal(tgUser, await _identities.FindAsync(Discord, default));
        Assert.Equal([Telegram, Discord], await _identities.GetIdentitiesAsync(tgUser, default));
        Assert.Equal(["my name is Ada", "hello from discord", "later on telegram"], (await _sessions.GetAsync(tgUser, default)).Select(t => t.Text));
        Assert.Empty(await _sessions.GetAsync(dcUser, default));
        Assert.Contains(await _routes.GetRoutesAsync(tgUser, default), r => r.Conversation.Channel == ChannelNames.Discord);
        Assert.Contains(await _audit.GetAsync(tgUser, default), e => e.Action == AuditActions.Link);
    }

    [Theory]
    [InlineData("k7qm x2pd")]
    [InlineData("K7QMX2PD")]
    [InlineData(" k7qm-x2pd ")]
    public void TryParse_LenientInput_SameCode(string text)
    {
        Assert.True(LinkCodeFormat.TryParse(text, out var selector, out var verifier));
        Assert.Equal(("K7QM", "X2PD"), (selector, verifier));
    }

    [Theory]
    [InlineData("K7QM-X2P")]
    [InlineData("K7QM-X2PD0")]
    [InlineData("I0L1-ABCD")]
    [InlineData("")]
    public void TryParse_Malformed_False(string text) => Assert.False(LinkCodeFormat.TryParse(text, out _, out _));

    [Fact]
    public async Task RedeemAsync_ReusedCode_Refused()
    {
        var code = await IssueAsync(Telegram);
        Assert.Equal(LinkOutcome.Linked, (await RedeemAsync(Discord, code)).Outcome);
        Assert.Equal(LinkOutcome.AlreadyUsed, (await RedeemAsync(Mallory, code)).Outcome);
        Assert.NotEqual(await _identities.FindAsync(Telegram, default), await _identities.FindAsync(Mallory, default));
    }

    [Fact]
    public async Task RedeemAsync_ExpiredCode_Refused()
    {
        var code = await IssueAsync(Telegram);
        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(LinkOutcome.ExpiredOrUnknown, (await RedeemAsync(Discord, code)).Outcome);
    }

    [Fact]
    public async Task RedeemAsync_OwnCode_Refused()
    {
        var code = await IssueAsync(Telegram);
        Assert.Equal(LinkOutcome.OwnCode, (await RedeemAsync(Telegram, code)).Outcome);
    }

    [Fact]
    public async Task RedeemAsync_TenWrongGuesses_LocksIdentityEvenForTheRightCode()
    {
        var code = await IssueAsync(Telegram);
        var outcomes = new List<LinkOutcome>();
        for (var i = 0; i < 10; i++)
        {
            outcomes.Add((await RedeemAsync(Mallory, $"ZZZ{"ABCDEFGHJK"[i]}-ZZZZ")).Outcome);
        }

        Assert.All(outcomes.Take(9), o => Assert.Equal(LinkOutcome.ExpiredOrUnknown, o));
        Assert.Equal(LinkOutcome.LockedOut, outcomes[9]);
        Assert.Equal(LinkOutcome.LockedOut, (await RedeemAsync(Mallory, code)).Outcome);
        Assert.Equal(LinkOutcome.Linked, (await RedeemAsync(Discord, code)).Outcome); // other identities unaffected

        _time.Advance(TimeSpan.FromHours(1.1));
        Assert.NotEqual(LinkOutcome.LockedOut, (await RedeemAsync(Mallory, "ZZZZ-ZZZZ")).Outcome);
    }

    [Fact]
    public async Task RedeemAsync_FiveWrongVerifiersForOneCode_DestroysIt()
    {
        var code = await IssueAsync(Telegram);
        var selector = code[..4];
        var verifier = code[5..];
        var attackers = Enumerable.Range(0, 5).Select(i => new PlatformIdentity("webchat", $"attacker-{i}")).ToList();
        foreach (var attacker in attackers)
        {
            var wrong = verifier[0] == 'A' ? "BBBB" : "AAAA";
            Assert.Equal(LinkOutcome.InvalidCode, (await RedeemAsync(attacker, $"{selector}-{wrong}")).Outcome);
        }

        Assert.Equal(LinkOutcome.ExpiredOrUnknown, (await RedeemAsync(Discord, code)).Outcome);
    }

    [Fact]
    public async Task IssueAsync_TooOften_Refused()
    {
        var user = await _identities.ResolveAsync(Telegram, default);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(LinkOutcome.Issued, (await _links.IssueAsync(user, Telegram, TelegramChat, default)).Outcome);
        }

        Assert.Equal(LinkOutcome.TooManyCodes, (await _links.IssueAsync(user, Telegram, TelegramChat, default)).Outcome);
    }

    [Fact]
    public async Task UnlinkAsync_LinkedIdentity_GetsFreshUserAndIsAudited()
    {
        var code = await IssueAsync(Telegram);
        await RedeemAsync(Discord, code);
        var shared = (await _identities.FindAsync(Telegram, default))!;

        var result = await _links.UnlinkAsync(shared, Discord, default);

        Assert.Equal(LinkOutcome.Unlinked, result.Outcome);
        Assert.NotEqual(shared, await _identities.FindAsync(Discord, default));
        Assert.Equal([Telegram], await _identities.GetIdentitiesAsync(shared, default));
        Assert.Contains(await _audit.GetAsync(shared, default), e => e.Action == AuditActions.Unlink);
        Assert.Equal(LinkOutcome.NotLinked, (await _links.UnlinkAsync(shared, Telegram, default)).Outcome);
    }
}
