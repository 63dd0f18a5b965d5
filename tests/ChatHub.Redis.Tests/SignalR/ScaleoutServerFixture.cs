using ChatHub.Testing.Processes;

namespace ChatHub.Redis.Tests.SignalR;

/// <summary>A redis-server of its own for the backplane tests (one of them restarts it).</summary>
public sealed class ScaleoutServerFixture : IAsyncLifetime
{
    private RespServerProcess? _server;

    public RespServerProcess Server => _server ?? throw new InvalidOperationException("The server did not start.");

    public async Task InitializeAsync() => _server = await RespServerProcess.StartAsync("redis");

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
