using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Broadcasts;
using ChatHub.Conversation.Counters;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Retention;
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
    private readonly InMemoryIdentityMap _identities;
    private readonly InMemorySessionStore _sessions;
    private readonly InMemoryRoutingTable _routes;
    private readonly InMemoryAuditLog _audit;
    private readonly InMemoryLinkCodeStore _codes;
    private readonly InMemoryCounterStore _counters;
    private readonly InMemoryBroadcastStore _broadcasts;
    private readonly LinkService _links;

    public LinkServiceTests()
    {
        var retention = Options.Create(new RetentionOptions());
        _identities = new InMemoryIdentityMap(retention, _time);
        _routes = new InMemoryRoutingTable(retention, _time);
        _audit = new InMemoryAuditLog(retention, _time);
        _codes = new InMemoryLinkCodeStore(_time);
        _counters = new InMemoryCounterStore(_time);
        _broadcasts = new InMemoryBroadcastStore(_time);
        _sessions = new InMemorySessionStore(Options.Create(new SessionOptions { MaxTurns = 10 }), _time);
        _links = Create(_codes);
    }

    private LinkService Create(ILinkCodeStore codes) =>
        new(_identities, _sessions, _routes, codes, _counters, _audit, [new BroadcastPreferenceMerger(_broadcasts)], Options.Create(new LinkOptions()), _time,
            NullLogger<LinkService>.Instance);

    private async Task<string> IssueAsync(PlatformIdentity identity)
    {
        var user = await _identities.ResolveAsync(identity, default);
        var result = await _links.IssueAsync(user, identity, TelegramChat, default).DefaultTimeout();
        Assert.Equal(LinkOutcome.Issued, result.Outcome);
        return result.Code!;
    }

    private async Task<LinkResult> RedeemAsync(PlatformIdentity identity, string code, string? clientAddress = null) =>
        await _links.RedeemAsync(code, await _identities.ResolveAsync(identity, default), identity, clientAddress, default).DefaultTimeout();

    [Theory]
    [InlineData(BroadcastPreference.OptedOut, BroadcastPreference.OptedIn, BroadcastPreference.OptedOut)]
    [InlineData(BroadcastPreference.OptedIn, BroadcastPreference.OptedOut, BroadcastPreference.OptedOut)]
    [InlineData(BroadcastPreference.OptedIn, BroadcastPreference.None, BroadcastPreference.OptedIn)]
    [InlineData(BroadcastPreference.None, BroadcastPreference.OptedIn, BroadcastPreference.OptedIn)]
    public async Task RedeemAsync_BroadcastChoices_AnOptOutOfEitherSideWins(
        BroadcastPreference redeemer, BroadcastPreference issuer, BroadcastPreference linked)
    {
        var tgUser = await _identities.ResolveAsync(Telegram, default);
        var dcUser = await _identities.ResolveAsync(Discord, default);
        await _broadcasts.SetPreferenceAsync(dcUser, redeemer, default);
        await _broadcasts.SetPreferenceAsync(tgUser, issuer, default);

        var result = await RedeemAsync(Discord, await IssueAsync(Telegram));

        Assert.Equal(LinkOutcome.Linked, result.Outcome);
        Assert.Equal(linked, await _broadcasts.GetPreferenceAsync(tgUser, default));
        Assert.Equal(BroadcastPreference.None, await _broadcasts.GetPreferenceAsync(dcUser, default));
    }

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
        Assert.Equal(Telegram, result.Issuer);
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
    public void TryParse_LenientInput_SameSelector(string text)
    {
        Assert.True(LinkCodeFormat.TryParse(text, out var selector));
        Assert.True(LinkCodeFormat.TryParse("K7QM-X2PD", out var canonical));
        Assert.Equal(canonical, selector);
        Assert.DoesNotContain("K7QM", selector, StringComparison.OrdinalIgnoreCase); // a hash of the whole code, not a part of it
    }

    [Theory]
    [InlineData("K7QM-X2P")]
    [InlineData("K7QM-X2PD0")]
    [InlineData("I0L1-ABCD")]
    [InlineData("")]
    public void TryParse_Malformed_False(string text) => Assert.False(LinkCodeFormat.TryParse(text, out _));

    [Fact]
    public async Task RedeemAsync_WrongExpiredAndReusedCodes_AllGetTheSameOutcome()
    {
        var used = await IssueAsync(Telegram);
        Assert.Equal(LinkOutcome.Linked, (await RedeemAsync(Discord, used)).Outcome);
        var expired = await IssueAsync(new PlatformIdentity(ChannelNames.Telegram, "333"));
        _time.Advance(TimeSpan.FromMinutes(11));
        var live = await IssueAsync(new PlatformIdentity(ChannelNames.Telegram, "444"));
        var sameFirstHalf = live[..5] + (live[5] == 'A' ? "BBBB" : "AAAA");

        var outcomes = new[]
        {
            (await RedeemAsync(Mallory, used)).Outcome,
            (await RedeemAsync(Mallory, expired)).Outcome,
            (await RedeemAsync(Mallory, sameFirstHalf)).Outcome,
            (await RedeemAsync(Mallory, "ZZZZ-ZZZZ")).Outcome,
        };

        Assert.All(outcomes, o => Assert.Equal(LinkOutcome.WrongCode, o));
        Assert.NotEqual(await _identities.FindAsync(Telegram, default), await _identities.FindAsync(Mallory, default));
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

        Assert.All(outcomes.Take(9), o => Assert.Equal(LinkOutcome.WrongCode, o));
        Assert.Equal(LinkOutcome.LockedOut, outcomes[9]);
        Assert.Equal(LinkOutcome.LockedOut, (await RedeemAsync(Mallory, code)).Outcome);
        Assert.Equal(LinkOutcome.Linked, (await RedeemAsync(Discord, code)).Outcome); // other identities unaffected

        _time.Advance(TimeSpan.FromHours(1.1));
        Assert.NotEqual(LinkOutcome.LockedOut, (await RedeemAsync(Mallory, "ZZZZ-ZZZZ")).Outcome);
    }

    [Fact]
    public async Task RedeemAsync_ManyWrongGuessesAtOneCode_TheCodeStillWorksForItsOwner()
    {
        var code = await IssueAsync(Telegram);
        var wrong = code[..5] + (code[5] == 'A' ? "BBBB" : "AAAA");
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(LinkOutcome.WrongCode, (await RedeemAsync(new PlatformIdentity(ChannelNames.WebChat, $"attacker-{i}"), wrong)).Outcome);
        }

        Assert.Equal(LinkOutcome.Linked, (await RedeemAsync(Discord, code)).Outcome);
    }

    [Fact]
    public async Task RedeemAsync_FreshIdentitiesFromOneAddress_LockedPerAddress()
    {
        var code = await IssueAsync(Telegram);
        var outcomes = new List<LinkOutcome>();
        for (var i = 0; i < 20; i++)
        {
            // A new web-chat conversation per guess: a new identity each time, so only the address ties them together.
            outcomes.Add((await RedeemAsync(new PlatformIdentity(ChannelNames.WebChat, $"fresh-{i}"), "ZZZZ-ZZZZ", "203.0.113.7")).Outcome);
        }

        Assert.All(outcomes.Take(19), o => Assert.Equal(LinkOutcome.WrongCode, o));
        Assert.Equal(LinkOutcome.LockedOut, outcomes[19]);
        Assert.Equal(LinkOutcome.LockedOut, (await RedeemAsync(new PlatformIdentity(ChannelNames.WebChat, "fresh-x"), code, "203.0.113.7")).Outcome);
        Assert.Equal(LinkOutcome.Linked, (await RedeemAsync(new PlatformIdentity(ChannelNames.WebChat, "elsewhere"), code, "198.51.100.1")).Outcome);
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
    public async Task IssueAsync_ANewCode_ReplacesTheLastOne()
    {
        var first = await IssueAsync(Telegram);
        var second = await IssueAsync(Telegram);

        Assert.Equal(LinkOutcome.WrongCode, (await RedeemAsync(Mallory, first)).Outcome);
        Assert.Equal(LinkOutcome.Linked, (await RedeemAsync(Discord, second)).Outcome);
    }

    [Fact]
    public async Task IssueAsync_EverySelectorTaken_EndsAfterABoundedNumberOfDraws()
    {
        var full = new FullLinkCodeStore();
        var links = Create(full);

        var result = await links.IssueAsync("u_x", Telegram, TelegramChat, default).AsTask().DefaultTimeout();

        Assert.Equal(LinkOutcome.Unavailable, result.Outcome);
        Assert.Equal(LinkService.MaxIssueAttempts, full.Attempts);
    }

    [Fact]
    public async Task UnlinkAsync_LinkedIdentity_GetsFreshUserAndIsAudited_RouteThereForgotten()
    {
        var code = await IssueAsync(Telegram);
        await RedeemAsync(Discord, code);
        var shared = (await _identities.FindAsync(Telegram, default))!;
        await _routes.RecordAsync(shared, new ConversationRef(ChannelNames.Discord, "bot", "dm-9"), _time.GetUtcNow(), default);

        var result = await _links.UnlinkAsync(shared, Discord, default);

        Assert.Equal(LinkOutcome.Unlinked, result.Outcome);
        Assert.NotEqual(shared, await _identities.FindAsync(Discord, default));
        Assert.Equal([Telegram], await _identities.GetIdentitiesAsync(shared, default));
        Assert.DoesNotContain(await _routes.GetRoutesAsync(shared, default), r => r.Conversation.Channel == ChannelNames.Discord);
        Assert.Contains(await _audit.GetAsync(shared, default), e => e.Action == AuditActions.Unlink);
        Assert.Equal(LinkOutcome.NotLinked, (await _links.UnlinkAsync(shared, Telegram, default)).Outcome);
    }

    [Fact]
    public async Task RemoveAsync_IssuerRemovesTheOtherPlatform_HistoryStaysWithTheIssuer()
    {
        var victim = await _identities.ResolveAsync(Telegram, default);
        await _sessions.AppendAsync(victim, [new SessionTurn(SessionRoles.User, "my secret", _time.GetUtcNow(), "telegram")], default);
        var code = await IssueAsync(Telegram);
        await RedeemAsync(Discord, code); // the wrong person redeemed it

        var removed = await _links.RemoveAsync(victim, Telegram, ChannelNames.Discord, default);
        var attacker = (await _identities.FindAsync(Discord, default))!;

        Assert.Equal(LinkOutcome.Unlinked, removed.Outcome);
        Assert.Equal([Discord], removed.Removed);
        Assert.NotEqual(victim, attacker);
        Assert.Empty(await _sessions.GetAsync(attacker, default));
        Assert.Equal(["my secret"], (await _sessions.GetAsync(victim, default)).Select(t => t.Text));
        Assert.Equal(LinkOutcome.NotLinked, (await _links.RemoveAsync(victim, Telegram, ChannelNames.Discord, default)).Outcome);
        Assert.Equal(LinkOutcome.NotLinked, (await _links.RemoveAsync(victim, Telegram, ChannelNames.Telegram, default)).Outcome); // never the caller itself
    }

    [Fact]
    public async Task RemoveAsync_TheRedeemerRemovesTheIssuer_Refused_LaterJoinersRemovableByEarlierOnes()
    {
        var victim = await _identities.ResolveAsync(Telegram, default);
        await RedeemAsync(Discord, await IssueAsync(Telegram)); // Discord joined the Telegram account
        await RedeemAsync(Mallory, await IssueAsync(Discord));  // then Mallory, through a code of Discord's

        var byMallory = await _links.RemoveAsync(victim, Mallory, ChannelNames.Telegram, default);
        var byMalloryOfDiscord = await _links.RemoveAsync(victim, Mallory, ChannelNames.Discord, default);
        var byDiscordOfTelegram = await _links.RemoveAsync(victim, Discord, ChannelNames.Telegram, default);
        var byDiscordOfMallory = await _links.RemoveAsync(victim, Discord, ChannelNames.WebChat, default);

        Assert.Equal(LinkOutcome.JoinedEarlier, byMallory.Outcome);
        Assert.Equal(LinkOutcome.JoinedEarlier, byMalloryOfDiscord.Outcome);
        Assert.Equal(LinkOutcome.JoinedEarlier, byDiscordOfTelegram.Outcome);
        Assert.Equal(LinkOutcome.Unlinked, byDiscordOfMallory.Outcome);
        Assert.Equal(new HashSet<PlatformIdentity> { Telegram, Discord }, (await _identities.GetIdentitiesAsync(victim, default)).ToHashSet());
    }

    [Fact]
    public async Task LinkingEraser_RemovesTheLiveCodeAndTheCounters()
    {
        var code = await IssueAsync(Telegram);
        await RedeemAsync(Telegram, "ZZZZ-ZZZZ"); // a wrong guess: a failure counter for Telegram
        var eraser = new LinkingUserDataEraser(_codes, _counters);

        var removed = await eraser.EraseAsync("u_any", [Telegram], [], default);

        Assert.Equal(3, removed); // the code, codes asked for, wrong guesses
        Assert.Equal(LinkOutcome.WrongCode, (await RedeemAsync(Discord, code)).Outcome);
        foreach (var key in LinkService.CounterKeys(Telegram))
        {
            Assert.Equal(0, await _counters.GetAsync(key, default));
        }
    }

    /// <summary>A store whose every selector is taken.</summary>
    private sealed class FullLinkCodeStore : ILinkCodeStore
    {
        public int Attempts { get; private set; }

        public ValueTask<bool> TryAddAsync(LinkCode code, CancellationToken cancellationToken)
        {
            Attempts++;
            return ValueTask.FromResult(false);
        }

        public ValueTask<(LinkCode Code, bool Used)?> GetAsync(string selector, CancellationToken cancellationToken) => ValueTask.FromResult<(LinkCode, bool)?>(null);

        public ValueTask<bool> TryMarkUsedAsync(string selector, CancellationToken cancellationToken) => ValueTask.FromResult(false);

        public ValueTask RemoveAsync(string selector, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<int> RemoveIssuedByAsync(PlatformIdentity issuer, CancellationToken cancellationToken) => ValueTask.FromResult(0);
    }
}
