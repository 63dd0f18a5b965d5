using ChatHub.Adapters.BotFramework.Authentication;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatHub.Adapters.BotFramework;

/// <summary>
/// Readiness of the Bot Framework adapter (check <c>teams</c>, tag <c>ready</c>). With ingress: the Bot Connector's
/// signing keys have been fetched (without them no activity can be verified). Egress alone needs nothing at start
/// (sends report their own failures).
/// </summary>
internal sealed class BotFrameworkHealth : IHealthCheck
{
    private readonly HubRoles _roles;
    private readonly BotFrameworkSigningKeys _keys;

    public BotFrameworkHealth(HubRoles roles, BotFrameworkSigningKeys keys)
    {
        _roles = roles;
        _keys = keys;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!_roles.Has(HubRole.Ingress))
        {
            return Task.FromResult(HealthCheckResult.Healthy("teams: egress only"));
        }

        var keys = _keys.BotConnector;
        return Task.FromResult(keys.IsLoaded
            ? HealthCheckResult.Healthy($"teams: signing keys from {keys.Address.Host}")
            : HealthCheckResult.Unhealthy($"teams: the signing keys at {keys.Address} have not been fetched yet{(keys.LastError is { } error ? $" ({error})" : "")}"));
    }
}
