using Microsoft.Extensions.Hosting;

namespace ChatHub.Redis.Connection;

/// <summary>
/// Connects <see cref="RedisConnection"/> when the host starts. Registered as the first hosted service, so the stores
/// have their connection before the pipeline's loops start; an unreachable Redis does not stop the host (see
/// <see cref="RedisConnection.StartAsync"/>). The connection is disposed with the container, after every hosted
/// service has stopped.
/// </summary>
internal sealed class RedisConnectionService : IHostedService
{
    private readonly RedisConnection _redis;

    public RedisConnectionService(RedisConnection redis) => _redis = redis;

    public Task StartAsync(CancellationToken cancellationToken) => _redis.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
