using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace ChatHub.Redis.Connection;

/// <summary>
/// Readiness (tag <c>ready</c>): the multiplexer is connected and the server answers PING. While it is down every store
/// fails fast, so the node should get no traffic; it stays alive (liveness) and reconnects by itself. The description
/// names the endpoint only, never the password.
/// </summary>
internal sealed class RedisHealthCheck : IHealthCheck
{
    private readonly RedisConnection _redis;

    public RedisHealthCheck(RedisConnection redis) => _redis = redis;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!_redis.IsConnected)
        {
            return HealthCheckResult.Unhealthy($"Redis at {_redis.EndPoint} is not connected (connecting in the background).");
        }

        try
        {
            await _redis.Database.PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Redis at {_redis.EndPoint}");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Redis at {_redis.EndPoint} does not answer ({ex.GetType().Name}).");
        }
    }
}
