using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Counters;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Linking;

/// <summary>
/// Verified account linking by one-time code: issue on one platform, redeem on another, which merges the two hub
/// users (identities, sessions in time order, routes) into the code issuer's. Brute force is bounded per identity
/// (lockout after <see cref="LinkOptions.MaxFailuresPerIdentity"/> wrong codes) and per code (destroyed after
/// <see cref="LinkOptions.MaxFailuresPerCode"/> wrong verifiers). Every link and unlink is audited.
/// </summary>
public sealed partial class LinkService
{
    private readonly IIdentityMap _identities;
    private readonly ISessionStore _sessions;
    private readonly IRoutingTable _routes;
    private readonly ILinkCodeStore _codes;
    private readonly ICounterStore _counters;
    private readonly IAuditLog _audit;
    private readonly LinkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LinkService> _logger;

    public LinkService(
        IIdentityMap identities, ISessionStore sessions, IRoutingTable routes, ILinkCodeStore codes, ICounterStore counters,
        IAuditLog audit, IOptions<LinkOptions> options, TimeProvider time, ILogger<LinkService> logger)
    {
        _identities = identities;
        _sessions = sessions;
        _routes = routes;
        _codes = codes;
        _counters = counters;
        _audit = audit;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public TimeSpan CodeTtl => _options.CodeTtl;

    public async ValueTask<LinkResult> IssueAsync(string hubUserId, PlatformIdentity identity, ConversationRef conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (await _counters.IncrementAsync($"link:issued:{identity}", TimeSpan.FromHours(1), cancellationToken) > _options.MaxCodesPerHour)
        {
            return new LinkResult(LinkOutcome.TooManyCodes);
        }

        while (true)
        {
            var (code, selector, verifier) = LinkCodeFormat.Generate();
            var record = new LinkCode(selector, LinkCodeFormat.Hash(verifier), hubUserId, identity, conversation, _time.GetUtcNow() + _options.CodeTtl);
            if (await _codes.TryAddAsync(record, cancellationToken))
            {
                LogIssued(_logger, hubUserId, identity.Channel);
                return new LinkResult(LinkOutcome.Issued, code);
            }
        }
    }

    public async ValueTask<LinkResult> RedeemAsync(string codeText, string hubUserId, PlatformIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var failuresKey = $"link:failures:{identity}";
        if (await _counters.GetAsync(failuresKey, cancellationToken) >= _options.MaxFailuresPerIdentity)
        {
            return new LinkResult(LinkOutcome.LockedOut);
        }

        if (!LinkCodeFormat.TryParse(codeText, out var selector, out var verifier))
        {
            return await FailAsync(failuresKey, LinkOutcome.InvalidCode, identity, cancellationToken);
        }

        var found = await _codes.GetAsync(selector, cancellationToken);
        if (found is not { } entry)
        {
            return await FailAsync(failuresKey, LinkOutcome.ExpiredOrUnknown, identity, cancellationToken);
        }

        if (!LinkCodeFormat.Verify(verifier, entry.Code.VerifierHash))
        {
            if (await _counters.IncrementAsync($"link:code-failures:{selector}", _options.CodeTtl, cancellationToken) >= _options.MaxFailuresPerCode)
            {
                await _codes.RemoveAsync(selector, cancellationToken);
                LogCodeDestroyed(_logger, entry.Code.HubUserId);
            }

            return await FailAsync(failuresKey, LinkOutcome.InvalidCode, identity, cancellationToken);
        }

        if (entry.Used)
        {
            return new LinkResult(LinkOutcome.AlreadyUsed);
        }

        if (entry.Code.Issuer == identity)
        {
            return new LinkResult(LinkOutcome.OwnCode);
        }

        var target = await _identities.FindAsync(entry.Code.Issuer, cancellationToken) ?? entry.Code.HubUserId;
        if (target == hubUserId)
        {
            return new LinkResult(LinkOutcome.AlreadyLinked);
        }

        if (!await _codes.TryMarkUsedAsync(selector, cancellationToken))
        {
            return new LinkResult(LinkOutcome.AlreadyUsed);
        }

        await _identities.MergeAsync(hubUserId, target, cancellationToken);
        await _sessions.MergeAsync(hubUserId, target, cancellationToken);
        await _routes.MergeAsync(hubUserId, target, cancellationToken);
        await _counters.ResetAsync(failuresKey, cancellationToken);
        var now = _time.GetUtcNow();
        await _audit.AppendAsync(new AuditEntry(now, target, AuditActions.Link, $"{identity} linked to {entry.Code.Issuer} (merged {hubUserId})"), cancellationToken);
        LogLinked(_logger, hubUserId, target, identity.Channel, entry.Code.Issuer.Channel);
        return new LinkResult(LinkOutcome.Linked, OtherSide: entry.Code.IssuerConversation, OtherChannel: entry.Code.Issuer.Channel);
    }

    public async ValueTask<LinkResult> UnlinkAsync(string hubUserId, PlatformIdentity identity, CancellationToken cancellationToken)
    {
        var identities = await _identities.GetIdentitiesAsync(hubUserId, cancellationToken);
        if (identities.Count <= 1)
        {
            return new LinkResult(LinkOutcome.NotLinked);
        }

        var fresh = await _identities.DetachAsync(identity, cancellationToken);
        await _audit.AppendAsync(new AuditEntry(_time.GetUtcNow(), hubUserId, AuditActions.Unlink, $"{identity} detached into {fresh}"), cancellationToken);
        LogUnlinked(_logger, hubUserId, fresh, identity.Channel);
        return new LinkResult(LinkOutcome.Unlinked);
    }

    private async ValueTask<LinkResult> FailAsync(string failuresKey, LinkOutcome outcome, PlatformIdentity identity, CancellationToken cancellationToken)
    {
        var failures = await _counters.IncrementAsync(failuresKey, _options.LockoutDuration, cancellationToken);
        if (failures >= _options.MaxFailuresPerIdentity)
        {
            LogLockedOut(_logger, identity.Channel, failures);
            return new LinkResult(LinkOutcome.LockedOut);
        }

        return new LinkResult(outcome);
    }

    [LoggerMessage(EventId = 3701, Level = LogLevel.Information, Message = "Link code issued for hub user {HubUserId} on {Channel}")]
    private static partial void LogIssued(ILogger logger, string hubUserId, string channel);

    [LoggerMessage(EventId = 3702, Level = LogLevel.Information, Message = "Hub user {From} merged into {Into} ({Channel} linked to {OtherChannel})")]
    private static partial void LogLinked(ILogger logger, string from, string into, string channel, string otherChannel);

    [LoggerMessage(EventId = 3703, Level = LogLevel.Information, Message = "Identity on {Channel} unlinked from {HubUserId} into {Fresh}")]
    private static partial void LogUnlinked(ILogger logger, string hubUserId, string fresh, string channel);

    [LoggerMessage(EventId = 3704, Level = LogLevel.Warning, Message = "Linking locked for an identity on {Channel} after {Failures} wrong codes")]
    private static partial void LogLockedOut(ILogger logger, string channel, long failures);

    [LoggerMessage(EventId = 3705, Level = LogLevel.Warning, Message = "A link code of hub user {HubUserId} was destroyed after repeated wrong guesses")]
    private static partial void LogCodeDestroyed(ILogger logger, string hubUserId);
}
