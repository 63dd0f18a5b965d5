using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatHub.Conversation.Pipeline;

/// <summary>Readiness of the pipeline: every role this process runs has its consumer loop going.</summary>
public sealed class PipelineHealth : IHealthCheck
{
    private readonly HubRoles _roles;
    private int _running;

    public PipelineHealth(HubRoles roles) => _roles = roles;

    /// <summary>Marks a role's loop as running until the returned handle is disposed.</summary>
    public IDisposable Running(HubRole role)
    {
        Interlocked.Or(ref _running, (int)role);
        return new Stopper(this, role);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var expected = _roles.Roles & (HubRole.Worker | HubRole.Egress);
        var missing = expected & ~(HubRole)Volatile.Read(ref _running);
        return Task.FromResult(missing == HubRole.None
            ? HealthCheckResult.Healthy($"roles: {_roles}")
            : HealthCheckResult.Unhealthy($"not running yet: {missing.ToString().ToLowerInvariant()}"));
    }

    private sealed class Stopper(PipelineHealth owner, HubRole role) : IDisposable
    {
        public void Dispose() => Interlocked.And(ref owner._running, ~(int)role);
    }
}
