using Microsoft.Extensions.Hosting;

namespace ChatHub.Redis.Connection;

/// <summary>
/// Starts <see cref="RedisConnection"/> with the host. Not disposable, so the container disposes the connection once,
/// as the singleton it built first, after everything built on it (the SignalR backplane included).
/// </summary>
internal sealed class RedisConnectionStarter(RedisConnection connection) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => connection.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => connection.StopAsync(cancellationToken);
}
