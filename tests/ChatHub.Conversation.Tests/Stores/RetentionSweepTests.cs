using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Stores;

/// <summary>
/// The in-memory stores do not only hide what expired: the clock's sweep removes it, so memory does not grow with
/// identities (or codes) nobody uses any more (issue 15, item 4).
/// </summary>
public sealed class RetentionSweepTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task IdentityMap_ThousandAnonymousIdentities_SweptAfterTheirRetention()
    {
        var map = new InMemoryIdentityMap(Options.Create(new RetentionOptions { WebChatIdentities = TimeSpan.FromDays(1) }), _time);
        for (var i = 0; i < 1000; i++)
        {
            await map.ResolveAsync(new PlatformIdentity(ChannelNames.WebChat, $"c_{i}"), default);
        }

        await map.ResolveAsync(new PlatformIdentity(ChannelNames.Telegram, "1"), default);
        _time.Advance(TimeSpan.FromDays(2));
        await map.ResolveAsync(new PlatformIdentity(ChannelNames.Telegram, "1"), default); // a sweep is due

        Assert.Equal(1, map.Count);
    }

    [Fact]
    public async Task LinkCodes_ExpiredCodes_SweptByTheClockNotByEachAdd()
    {
        var codes = new InMemoryLinkCodeStore(_time);
        for (var i = 0; i < 100; i++)
        {
            await codes.TryAddAsync(new LinkCode($"s{i}", "u", new PlatformIdentity("webchat", $"c{i}"), new ConversationRef("webchat", "b", $"c{i}"),
                _time.GetUtcNow().AddMinutes(10)), default);
        }

        Assert.Equal(100, codes.Count);
        _time.Advance(TimeSpan.FromMinutes(11));
        await codes.TryAddAsync(new LinkCode("new", "u", new PlatformIdentity("webchat", "x"), new ConversationRef("webchat", "b", "x"),
            _time.GetUtcNow().AddMinutes(10)), default);

        Assert.Equal(1, codes.Count);
    }

    [Fact]
    public async Task AuditLog_EntriesPastTheRetention_SweptOnAppend()
    {
        var log = new InMemoryAuditLog(Options.Create(new RetentionOptions { Audit = TimeSpan.FromDays(30) }), _time);
        await log.AppendAsync(new AuditEntry(_time.GetUtcNow(), "u1", AuditActions.Link, "old"), default);
        _time.Advance(TimeSpan.FromDays(31));
        await log.AppendAsync(new AuditEntry(_time.GetUtcNow(), "u2", AuditActions.Link, "new"), default);

        Assert.Empty(await log.GetAsync("u1", default));
        Assert.Single(await log.GetAsync("u2", default));
    }
}
