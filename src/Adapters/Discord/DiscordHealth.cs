using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatHub.Adapters.Discord;

/// <summary>
/// Readiness of the Discord adapter (check <c>discord</c>, tag <c>ready</c>). With ingress: unhealthy until the
/// gateway's first READY; healthy while connected; degraded during a reconnect, unhealthy after three failed
/// attempts in a row; unhealthy for good once Discord closed with a code that must not be reconnected
/// (4004, 4010–4014) or rejected the token, with the reason. Egress alone needs nothing at start.
/// </summary>
internal sealed class DiscordHealth : IHealthCheck
{
    private const int UnhealthyAfterFailures = 3;

    private readonly HubRoles _roles;
    private volatile State _state = new(Phase.Starting, null, 0);

    public DiscordHealth(HubRoles roles) => _roles = roles;

    private enum Phase
    {
        Starting,
        Connected,
        Reconnecting,
        Stopped,
    }

    public bool IsStopped => _state.Phase == Phase.Stopped;

    public void Connected(string username) => _state = new State(Phase.Connected, username, 0);

    /// <summary>A connection ended (or an attempt failed) and another follows; <paramref name="failures"/> in a row.</summary>
    public void Disconnected(string reason, int failures)
    {
        var phase = _state.Phase is Phase.Starting ? Phase.Starting : Phase.Reconnecting;
        _state = new State(phase, reason, failures);
    }

    public void Stopped(string reason) => _state = new State(Phase.Stopped, reason, 0);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Check());

    private HealthCheckResult Check()
    {
        if (!_roles.Has(HubRole.Ingress))
        {
            return HealthCheckResult.Healthy("discord: egress only");
        }

        var state = _state;
        return state.Phase switch
        {
            Phase.Connected => HealthCheckResult.Healthy($"discord: gateway connected as {state.Detail}"),
            Phase.Stopped => HealthCheckResult.Unhealthy($"discord: gateway stopped, not reconnecting: {state.Detail}"),
            Phase.Starting => HealthCheckResult.Unhealthy($"discord: the gateway is not ready yet{(state.Detail is null ? "" : $" ({state.Detail})")}"),
            _ when state.Failures >= UnhealthyAfterFailures =>
                HealthCheckResult.Unhealthy($"discord: gateway reconnecting, {state.Failures} attempts failed ({state.Detail})"),
            _ => HealthCheckResult.Degraded($"discord: gateway reconnecting ({state.Detail})"),
        };
    }

    private sealed record State(Phase Phase, string? Detail, int Failures);
}
