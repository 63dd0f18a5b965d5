using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatHub.Adapters.Abstractions;

/// <summary>
/// Readiness of an adapter that holds a connection to its platform (tag <c>ready</c>). With ingress: unhealthy until
/// the first <see cref="Ready"/>; healthy while connected; degraded during a reconnect, unhealthy after three failed
/// attempts in a row; unhealthy for good once <see cref="Stopped"/>, with the reason. Egress alone needs nothing at
/// start. Each adapter derives it with its own wording (<see cref="ConnectionHealthText"/>).
/// </summary>
internal abstract class ConnectionHealth : IHealthCheck
{
    private const int UnhealthyAfterFailures = 3;

    private readonly HubRoles _roles;
    private readonly ConnectionHealthText _text;
    private volatile State _state = new(Phase.Starting, null, 0);

    protected ConnectionHealth(HubRoles roles, ConnectionHealthText text)
    {
        _roles = roles;
        _text = text;
    }

    private enum Phase
    {
        Starting,
        Ready,
        Reconnecting,
        Stopped,
    }

    public bool IsStopped => _state.Phase == Phase.Stopped;

    public void Ready(string detail) => _state = new State(Phase.Ready, detail, 0);

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
            return HealthCheckResult.Healthy($"{_text.Name}: egress only");
        }

        var state = _state;
        return state.Phase switch
        {
            Phase.Ready => HealthCheckResult.Healthy($"{_text.Name}: {_text.Ready}{state.Detail}"),
            Phase.Stopped => HealthCheckResult.Unhealthy($"{_text.Name}: {_text.Stopped}: {state.Detail}"),
            Phase.Starting => HealthCheckResult.Unhealthy($"{_text.Name}: {_text.NotReady}{(state.Detail is null ? "" : $" ({state.Detail})")}"),
            _ when state.Failures >= UnhealthyAfterFailures =>
                HealthCheckResult.Unhealthy($"{_text.Name}: {_text.Reconnecting}, {state.Failures} attempts failed ({state.Detail})"),
            _ => HealthCheckResult.Degraded($"{_text.Name}: {_text.Reconnecting} ({state.Detail})"),
        };
    }

    private sealed record State(Phase Phase, string? Detail, int Failures);
}
