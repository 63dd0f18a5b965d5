using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Counters;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Users;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Linking;

/// <summary>
/// Verified account linking by one-time code: issue on one platform, redeem on another, which merges the two hub
/// users (identities, sessions in time order, routes) into the code issuer's. A code is found only by all of it; every
/// wrong, expired or used code gets the same answer, and guessing is bounded per identity and per client address
/// (<see cref="LinkOptions.MaxFailuresPerIdentity"/>, <see cref="LinkOptions.MaxFailuresPerClient"/>) without touching
/// anyone's code. Issuing tries a bounded number of fresh codes. Any identity of an account can detach itself or
/// the account's identities on another platform that joined it later (see <see cref="RemoveAsync"/>). Every link and
/// unlink is audited.
/// </summary>
public sealed partial class LinkService
{
    /// <summary>Fresh codes drawn before issuing gives up (each collides with a live one with probability live/31⁸).</summary>
    internal const int MaxIssueAttempts = 8;

    /// <summary>How long an identity's join order is kept (a counter window; erasure and unlinking reset it).</summary>
    internal static readonly TimeSpan JoinOrderWindow = TimeSpan.FromDays(3650);

    private readonly IIdentityMap _identities;
    private readonly ISessionStore _sessions;
    private readonly IRoutingTable _routes;
    private readonly ILinkCodeStore _codes;
    private readonly ICounterStore _counters;
    private readonly IAuditLog _audit;
    private readonly IEnumerable<IUserDataMerger> _mergers;
    private readonly LinkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LinkService> _logger;

    public LinkService(
        IIdentityMap identities, ISessionStore sessions, IRoutingTable routes, ILinkCodeStore codes, ICounterStore counters,
        IAuditLog audit, IEnumerable<IUserDataMerger> mergers, IOptions<LinkOptions> options, TimeProvider time, ILogger<LinkService> logger)
    {
        _identities = identities;
        _sessions = sessions;
        _routes = routes;
        _codes = codes;
        _counters = counters;
        _audit = audit;
        _mergers = mergers;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public TimeSpan CodeTtl => _options.CodeTtl;

    /// <summary>The counters kept per identity (erasure resets them).</summary>
    public static IReadOnlyList<string> CounterKeys(PlatformIdentity identity) => [IssuedKey(identity), FailuresKey(identity), JoinOrderKey(identity)];

    public async ValueTask<LinkResult> IssueAsync(string hubUserId, PlatformIdentity identity, ConversationRef conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (await _counters.IncrementAsync(IssuedKey(identity), TimeSpan.FromHours(1), cancellationToken) > _options.MaxCodesPerHour)
        {
            return new LinkResult(LinkOutcome.TooManyCodes);
        }

        for (var attempt = 0; attempt < MaxIssueAttempts; attempt++)
        {
            var (code, selector) = LinkCodeFormat.Generate();
            var record = new LinkCode(selector, hubUserId, identity, conversation, _time.GetUtcNow() + _options.CodeTtl);
            if (await _codes.TryAddAsync(record, cancellationToken))
            {
                LogIssued(_logger, hubUserId, identity.Channel);
                return new LinkResult(LinkOutcome.Issued, code);
            }
        }

        LogIssueFailed(_logger, MaxIssueAttempts);
        return new LinkResult(LinkOutcome.Unavailable);
    }

    /// <summary>Redeems a code typed by <paramref name="identity"/>; <paramref name="clientAddress"/> is the sender's <see cref="InboundMessage.ClientAddress"/> (web chat), or null.</summary>
    public async ValueTask<LinkResult> RedeemAsync(
        string codeText, string hubUserId, PlatformIdentity identity, string? clientAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var failuresKey = FailuresKey(identity);
        var clientKey = clientAddress is null ? null : ClientFailuresKey(clientAddress);
        if (await _counters.GetAsync(failuresKey, cancellationToken) >= _options.MaxFailuresPerIdentity
            || (clientKey is not null && await _counters.GetAsync(clientKey, cancellationToken) >= _options.MaxFailuresPerClient))
        {
            return new LinkResult(LinkOutcome.LockedOut);
        }

        if (!LinkCodeFormat.TryParse(codeText, out var selector))
        {
            return await FailAsync(failuresKey, clientKey, LinkOutcome.Malformed, identity, cancellationToken);
        }

        if (await _codes.GetAsync(selector, cancellationToken) is not { } entry)
        {
            return await FailAsync(failuresKey, clientKey, LinkOutcome.WrongCode, identity, cancellationToken);
        }

        if (entry.Code.Issuer == identity)
        {
            return new LinkResult(LinkOutcome.OwnCode);
        }

        var target = await _identities.FindAsync(entry.Code.Issuer, cancellationToken) ?? entry.Code.HubUserId;
        if (target == hubUserId)
        {
            return new LinkResult(LinkOutcome.AlreadyLinked); // e.g. the same code sent twice by its rightful redeemer
        }

        if (entry.Used || !await _codes.TryMarkUsedAsync(selector, cancellationToken))
        {
            return await FailAsync(failuresKey, clientKey, LinkOutcome.WrongCode, identity, cancellationToken);
        }

        await RecordJoinOrderAsync(hubUserId, target, cancellationToken);
        await _identities.MergeAsync(hubUserId, target, cancellationToken);
        await _sessions.MergeAsync(hubUserId, target, cancellationToken);
        await _routes.MergeAsync(hubUserId, target, cancellationToken);
        foreach (var merger in _mergers)
        {
            await merger.MergeAsync(hubUserId, target, cancellationToken);
        }

        await _counters.ResetAsync(failuresKey, cancellationToken);
        await _audit.AppendAsync(new AuditEntry(_time.GetUtcNow(), target, AuditActions.Link, $"{identity} linked to {entry.Code.Issuer} (merged {hubUserId})"), cancellationToken);
        LogLinked(_logger, hubUserId, target, identity.Channel, entry.Code.Issuer.Channel);
        return new LinkResult(LinkOutcome.Linked, OtherSide: entry.Code.IssuerConversation, Issuer: entry.Code.Issuer);
    }

    /// <summary>Detaches <paramref name="identity"/> (the caller) from its account; it starts afresh.</summary>
    public async ValueTask<LinkResult> UnlinkAsync(string hubUserId, PlatformIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var identities = await _identities.GetIdentitiesAsync(hubUserId, cancellationToken);
        if (identities.Count <= 1)
        {
            return new LinkResult(LinkOutcome.NotLinked);
        }

        await DetachAsync(hubUserId, identity, "unlinked itself", cancellationToken);
        return new LinkResult(LinkOutcome.Unlinked, Removed: [identity]);
    }

    /// <summary>
    /// Detaches the account's identities on <paramref name="channel"/> that joined it after <paramref name="caller"/>:
    /// a code redeemed by the wrong person is undone from the issuer's side, while whoever redeemed a leaked code cannot
    /// remove the account's earlier identities and keep its history (<see cref="LinkOutcome.JoinedEarlier"/>; they
    /// can only leave with <see cref="UnlinkAsync"/>). The removed identities start afresh; the history stays with the account.
    /// </summary>
    public async ValueTask<LinkResult> RemoveAsync(string hubUserId, PlatformIdentity caller, string channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var identities = await _identities.GetIdentitiesAsync(hubUserId, cancellationToken);
        var others = identities.Where(i => i.Channel == channel && i != caller).ToList();
        if (others.Count == 0)
        {
            return new LinkResult(LinkOutcome.NotLinked);
        }

        var callerOrder = await _counters.GetAsync(JoinOrderKey(caller), cancellationToken);
        var removing = new List<PlatformIdentity>();
        foreach (var identity in others)
        {
            if (await _counters.GetAsync(JoinOrderKey(identity), cancellationToken) > callerOrder)
            {
                removing.Add(identity);
            }
        }

        if (removing.Count == 0)
        {
            LogRemoveRefused(_logger, hubUserId, caller.Channel, channel);
            return new LinkResult(LinkOutcome.JoinedEarlier);
        }

        foreach (var identity in removing)
        {
            await DetachAsync(hubUserId, identity, $"removed by {caller}", cancellationToken);
        }

        return new LinkResult(LinkOutcome.Unlinked, Removed: removing);
    }

    /// <summary>
    /// Join order: an account's first identities are 0; a redeemer's identities get one more than the highest of the
    /// account they join (kept as a counter of that value, <see cref="JoinOrderWindow"/>), so every earlier member of
    /// an account has a lower order than every later one.
    /// </summary>
    private async ValueTask RecordJoinOrderAsync(string joiningHubUserId, string targetHubUserId, CancellationToken cancellationToken)
    {
        long highest = 0;
        foreach (var member in await _identities.GetIdentitiesAsync(targetHubUserId, cancellationToken))
        {
            highest = Math.Max(highest, await _counters.GetAsync(JoinOrderKey(member), cancellationToken));
        }

        foreach (var joining in await _identities.GetIdentitiesAsync(joiningHubUserId, cancellationToken))
        {
            var key = JoinOrderKey(joining);
            await _counters.ResetAsync(key, cancellationToken);
            for (var i = 0; i <= highest; i++)
            {
                await _counters.IncrementAsync(key, JoinOrderWindow, cancellationToken);
            }
        }
    }

    private async ValueTask DetachAsync(string hubUserId, PlatformIdentity identity, string how, CancellationToken cancellationToken)
    {
        var fresh = await _identities.DetachAsync(identity, cancellationToken);
        await _counters.ResetAsync(JoinOrderKey(identity), cancellationToken); // on its own again: the first of its account
        // The account's route on that channel may lead to the detached identity's chat: proactive and follow-me messages
        // must not go there. An identity of the account still on the channel records it again with its next message.
        await _routes.RemoveChannelAsync(hubUserId, identity.Channel, cancellationToken);
        await _audit.AppendAsync(new AuditEntry(_time.GetUtcNow(), hubUserId, AuditActions.Unlink, $"{identity} {how}, detached into {fresh}"), cancellationToken);
        LogUnlinked(_logger, hubUserId, fresh, identity.Channel);
    }

    private async ValueTask<LinkResult> FailAsync(
        string failuresKey, string? clientKey, LinkOutcome outcome, PlatformIdentity identity, CancellationToken cancellationToken)
    {
        var failures = await _counters.IncrementAsync(failuresKey, _options.LockoutDuration, cancellationToken);
        var clientFailures = clientKey is null ? 0 : await _counters.IncrementAsync(clientKey, _options.LockoutDuration, cancellationToken);
        if (failures >= _options.MaxFailuresPerIdentity || clientFailures >= _options.MaxFailuresPerClient)
        {
            LogLockedOut(_logger, identity.Channel, failures, clientFailures);
            return new LinkResult(LinkOutcome.LockedOut);
        }

        return new LinkResult(outcome);
    }

    private static string IssuedKey(PlatformIdentity identity) => $"link:issued:{identity}";

    private static string FailuresKey(PlatformIdentity identity) => $"link:failures:{identity}";

    private static string JoinOrderKey(PlatformIdentity identity) => $"link:joined:{identity}";

    private static string ClientFailuresKey(string clientAddress) => $"link:failures-client:{clientAddress}";

    [LoggerMessage(EventId = 3701, Level = LogLevel.Information, Message = "Link code issued for hub user {HubUserId} on {Channel}")]
    private static partial void LogIssued(ILogger logger, string hubUserId, string channel);

    [LoggerMessage(EventId = 3702, Level = LogLevel.Information, Message = "Hub user {From} merged into {Into} ({Channel} linked to {OtherChannel})")]
    private static partial void LogLinked(ILogger logger, string from, string into, string channel, string otherChannel);

    [LoggerMessage(EventId = 3703, Level = LogLevel.Information, Message = "Identity on {Channel} unlinked from {HubUserId} into {Fresh}")]
    private static partial void LogUnlinked(ILogger logger, string hubUserId, string fresh, string channel);

    [LoggerMessage(EventId = 3704, Level = LogLevel.Warning, Message = "Linking locked for an identity on {Channel} after {Failures} wrong codes ({ClientFailures} from its address)")]
    private static partial void LogLockedOut(ILogger logger, string channel, long failures, long clientFailures);

    [LoggerMessage(EventId = 3706, Level = LogLevel.Information, Message = "Hub user {HubUserId}: an identity on {Channel} may not remove the earlier {OtherChannel} identities")]
    private static partial void LogRemoveRefused(ILogger logger, string hubUserId, string channel, string otherChannel);

    [LoggerMessage(EventId = 3705, Level = LogLevel.Warning, Message = "No free link code after {Attempts} draws; the person is asked to try again")]
    private static partial void LogIssueFailed(ILogger logger, int attempts);
}
