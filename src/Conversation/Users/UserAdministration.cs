using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Users;

/// <summary>The operations behind the admin API: look-up, proactive messages, and erasure ("right to erasure").</summary>
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

    public ValueTask<string?> FindAsync(PlatformIdentity identity, CancellationToken cancellationToken) =>
        _identities.FindAsync(identity, cancellationToken);

    public async ValueTask<UserSummary?> GetSummaryAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var identities = await _identities.GetIdentitiesAsync(hubUserId, cancellationToken);
        if (identities.Count == 0)
        {
            return null;
        }

        var turns = await _sessions.GetAsync(hubUserId, cancellationToken);
        var routes = await _routes.GetRoutesAsync(hubUserId, cancellationToken);
        return new UserSummary(hubUserId, identities, turns.Count, turns.Count > 0 ? turns[^1].At : null, routes);
    }

    public ValueTask<IReadOnlyList<AuditEntry>> GetAuditAsync(string hubUserId, CancellationToken cancellationToken) =>
        _audit.GetAsync(hubUserId, cancellationToken);

    /// <summary>
    /// Sends a system message to the user's last active conversation (on <paramref name="channel"/> if given).
    /// Returns where it went, or null when the user has no such route.
    /// </summary>
    public async ValueTask<ConversationRef?> SendProactiveAsync(string hubUserId, string text, string? channel, CancellationToken cancellationToken)
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
        LogProactive(_logger, hubUserId, route.Conversation.Channel);
        return route.Conversation;
    }

    /// <summary>Erases everything kept about the user; the audit log keeps a tombstone of the fact.</summary>
    public async ValueTask<ErasureReport> EraseAsync(string hubUserId, CancellationToken cancellationToken)
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
        await _audit.AppendAsync(new AuditEntry(_time.GetUtcNow(), hubUserId, AuditActions.Erase, $"{removed.Count} identities erased"), cancellationToken);
        LogErased(_logger, hubUserId, removed.Count);
        return new ErasureReport(hubUserId, removed.Count, turns.Count, routes.Count, other);
    }

    [LoggerMessage(EventId = 3801, Level = LogLevel.Information, Message = "Proactive message to hub user {HubUserId} on {Channel}")]
    private static partial void LogProactive(ILogger logger, string hubUserId, string channel);

    [LoggerMessage(EventId = 3802, Level = LogLevel.Warning, Message = "Hub user {HubUserId} erased ({Identities} identities)")]
    private static partial void LogErased(ILogger logger, string hubUserId, int identities);
}
