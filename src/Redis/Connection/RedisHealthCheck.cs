using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ChatHub.Redis.Connection;

/// <summary>
/// Readiness (tag <c>ready</c>): both Redis connections are up and the server answers PING. While it is down every store
/// fails fast, so the node should get no traffic; it stays alive (liveness) and reconnects by itself.
/// </summary>
internal sealed class RedisHealthCheck : IHealthCheck
{
    private readonly RedisConnection _redis;

    public RedisHealthCheck(RedisConnection redis) => _redis = redis;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!_redis.IsConnected)
        {
            return HealthCheckResult.Unhealthy($"Redis at {_redis.EndPoint} is not connected (reconnecting).");
        }

        try
        {
            await _redis.Client.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Redis at {_redis.EndPoint}");
        }
        catch (Resp.RespException ex)
        {
            return HealthCheckResult.Unhealthy($"Redis at {_redis.EndPoint} does not answer: {ex.Message}");
        }
    }
}
