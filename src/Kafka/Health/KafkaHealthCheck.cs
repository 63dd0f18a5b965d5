using ChatHub.Conversation.Bus;
using ChatHub.Kafka.Consuming;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatHub.Kafka.Health;

/// <summary>
/// Readiness (tag <c>ready</c>) of the Kafka bus: a broker answers a metadata request, and every consumer of this
/// process has joined its group (has an assignment, possibly empty). Healthy when Kafka is not configured.
/// </summary>
internal sealed class KafkaHealthCheck : IHealthCheck
{
    private readonly IMessageBus _bus;

    public KafkaHealthCheck(IMessageBus bus) => _bus = bus;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_bus is not KafkaMessageBus kafka)
        {
            return HealthCheckResult.Healthy("Kafka is not configured; the in-process bus is used.");
        }

        var (reachable, brokers) = await kafka.ProbeAsync(cancellationToken);
        if (!reachable)
        {
            return HealthCheckResult.Unhealthy("No Kafka broker answered.");
        }

        var joining = kafka.Consumers.Where(c => c.Statistics.State == ConsumerState.Joining).Select(c => $"{c.Group} on {c.Topic}").ToList();
        return joining.Count == 0
            ? HealthCheckResult.Healthy($"{brokers} brokers; {kafka.Consumers.Count} consumers assigned.")
            : HealthCheckResult.Unhealthy($"Waiting for a partition assignment: {string.Join(", ", joining)}.");
    }
}
