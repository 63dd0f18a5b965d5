using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatHub.Adapters.Slack;

/// <summary>
/// Readiness of the Slack adapter (check <c>slack</c>, tag <c>ready</c>). With ingress: unhealthy until
/// <c>auth.test</c> answered (the bot's user id and workspace are needed to read events); in Socket Mode also until
/// the WebSocket is connected, degraded while it reconnects, unhealthy after three failed attempts in a row.
/// Unhealthy for good once Slack rejected a token, with the reason. Egress alone needs nothing at start.
/// </summary>
internal sealed class SlackHealth : IHealthCheck
{
    private const int UnhealthyAfterFailures = 3;

    private readonly HubRoles _roles;
    private volatile State _state = new(Phase.Starting, null, 0);

    public SlackHealth(HubRoles roles) => _roles = roles;

    private enum Phase
    {
        Starting,
        Ready,
        Reconnecting,
        Stopped,
    }

    public void Ready(string detail) => _state = new State(Phase.Ready, detail, 0);

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
            return HealthCheckResult.Healthy("slack: egress only");
        }

        var state = _state;
        return state.Phase switch
        {
            Phase.Ready => HealthCheckResult.Healthy($"slack: {state.Detail}"),
            Phase.Stopped => HealthCheckResult.Unhealthy($"slack: stopped: {state.Detail}"),
            Phase.Starting => HealthCheckResult.Unhealthy($"slack: not ready yet{(state.Detail is null ? "" : $" ({state.Detail})")}"),
            _ when state.Failures >= UnhealthyAfterFailures =>
                HealthCheckResult.Unhealthy($"slack: Socket Mode reconnecting, {state.Failures} attempts failed ({state.Detail})"),
            _ => HealthCheckResult.Degraded($"slack: Socket Mode reconnecting ({state.Detail})"),
        };
    }

    private sealed record State(Phase Phase, string? Detail, int Failures);
}
