using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Users;

/// <summary>
/// The operations behind the admin API: look-up, proactive messages, and erasure ("right to erasure"). Each takes the
/// caller (the admin key's name) and records what it did to an existing user in that user's audit log, never message
/// text.
/// </summary>
public sealed partial class UserAdministration
{
    private readonly IIdentityMap _identities;
    private readonly ISessionStore _sessions;
    private readonly IRoutingTable _routes;
    private readonly IAuditLog _audit;
    private readonly IMessageBus _bus;
    private readonly IEnumerable<IUserDataEraser> _erasers;
    private readonly TimeProvider _time;
    private readonly ILogger<UserAdministration> _logger;

    public UserAdministration(
        IIdentityMap identities, ISessionStore sessions, IRoutingTable routes, IAuditLog audit, IMessageBus bus,
        IEnumerable<IUserDataEraser> erasers, TimeProvider time, ILogger<UserAdministration> logger)
    {
        _identities = identities;
        _sessions = sessions;
        _routes = routes;
        _audit = audit;
        _bus = bus;
        _erasers = erasers;
        _time = time;
        _logger = logger;
    }

    /// <summary>The summary of the hub user owning <paramref name="identity"/>, or null when none does.</summary>
    public async ValueTask<UserSummary?> FindAsync(PlatformIdentity identity, string caller, CancellationToken cancellationToken)
    {
        var hubUserId = await _identities.FindAsync(identity, cancellationToken);
        return hubUserId is null ? null : await GetSummaryAsync(hubUserId, caller, cancellationToken);
    }

    public async ValueTask<UserSummary?> GetSummaryAsync(string hubUserId, string caller, CancellationToken cancellationToken)
    {
        var identities = await _identities.GetIdentitiesAsync(hubUserId, cancellationToken);
        if (identities.Count == 0)
        {
            return null;
        }

        var turns = await _sessions.GetAsync(hubUserId, cancellationToken);
        var routes = await _routes.GetRoutesAsync(hubUserId, cancellationToken);
        await AuditAsync(hubUserId, AuditActions.AdminRead, $"summary by admin key '{caller}'", cancellationToken);
        return new UserSummary(hubUserId, identities, turns.Count, turns.Count > 0 ? turns[^1].At : null, routes);
    }

    /// <summary>The user's audit entries; for an erased user, the tombstones (kept under <see cref="AuditIds.Erased"/>).</summary>
    public async ValueTask<IReadOnlyList<AuditEntry>> GetAuditAsync(string hubUserId, string caller, CancellationToken cancellationToken)
    {
        var live = await _audit.GetAsync(hubUserId, cancellationToken);
        var erased = await _audit.GetAsync(AuditIds.Erased(hubUserId), cancellationToken);
        if ((await _identities.GetIdentitiesAsync(hubUserId, cancellationToken)).Count > 0)
        {
            await AuditAsync(hubUserId, AuditActions.AdminRead, $"audit log by admin key '{caller}'", cancellationToken);
        }

        return [.. erased.Concat(live).OrderBy(e => e.At)];
    }

    /// <summary>
    /// Sends a system message to the user's last active conversation (on <paramref name="channel"/> if given).
    /// Returns where it went, or null when the user has no such route.
    /// </summary>
    public async ValueTask<ConversationRef?> SendProactiveAsync(
        string hubUserId, string text, string? channel, string caller, CancellationToken cancellationToken)
    {
        var routes = await _routes.GetRoutesAsync(hubUserId, cancellationToken);
        var route = routes.FirstOrDefault(r => channel is null || r.Conversation.Channel == channel);
        if (route is null)
        {
            return null;
        }

        var message = new OutboundMessage
        {
            Id = MessageIds.NewId("pm_"),
            Conversation = route.Conversation,
            Kind = OutboundKind.Final,
            Text = text,
            Source = ReplySource.System,
            CreatedAt = _time.GetUtcNow(),
        };
        await _bus.PublishAsync(Topics.Outbound, route.Conversation.Key, message, cancellationToken);
        await AuditAsync(hubUserId, AuditActions.AdminMessage, $"{message.Id} to {route.Conversation.Channel} by admin key '{caller}'", cancellationToken);
        LogProactive(_logger, hubUserId, route.Conversation.Channel, caller);
        return route.Conversation;
    }

    /// <summary>
    /// Erases everything kept about the user (every <see cref="IUserDataEraser"/>, then sessions, routes, identities);
    /// the audit log keeps the facts under a hash of the id (<see cref="IAuditLog.TombstoneAsync"/>).
    /// </summary>
    public async ValueTask<ErasureReport> EraseAsync(string hubUserId, string caller, CancellationToken cancellationToken)
    {
        var routes = await _routes.GetRoutesAsync(hubUserId, cancellationToken);
        var turns = await _sessions.GetAsync(hubUserId, cancellationToken);
        var identities = await _identities.GetIdentitiesAsync(hubUserId, cancellationToken);
        var other = 0;
        foreach (var eraser in _erasers)
        {
            other += await eraser.EraseAsync(hubUserId, identities, routes, cancellationToken);
        }

        await _sessions.ClearAsync(hubUserId, cancellationToken);
        await _routes.RemoveAsync(hubUserId, cancellationToken);
        var removed = await _identities.RemoveUserAsync(hubUserId, cancellationToken);
        await _audit.TombstoneAsync(hubUserId, cancellationToken);
        await _audit.AppendAsync(
            new AuditEntry(_time.GetUtcNow(), AuditIds.Erased(hubUserId), AuditActions.Erase, $"{removed.Count} identities erased by admin key '{caller}'"),
            cancellationToken);
        LogErased(_logger, AuditIds.Erased(hubUserId), removed.Count, caller);
        return new ErasureReport(hubUserId, removed.Count, turns.Count, routes.Count, other);
    }

    private ValueTask AuditAsync(string hubUserId, string action, string details, CancellationToken cancellationToken) =>
        _audit.AppendAsync(new AuditEntry(_time.GetUtcNow(), hubUserId, action, details), cancellationToken);

    [LoggerMessage(EventId = 3801, Level = LogLevel.Information, Message = "Proactive message to hub user {HubUserId} on {Channel} by admin key {Caller}")]
    private static partial void LogProactive(ILogger logger, string hubUserId, string channel, string caller);

    [LoggerMessage(EventId = 3802, Level = LogLevel.Warning, Message = "A hub user was erased ({Identities} identities) by admin key {Caller}; audit record {ErasedId}")]
    private static partial void LogErased(ILogger logger, string erasedId, int identities, string caller);
}
