namespace ChatHub.Resp.Tests.Servers;

/// <summary>One server per test class, started before its first test and killed after its last.</summary>
public abstract class RespServerFixture : IAsyncLifetime
{
    private RespServerProcess? _server;

    /// <summary>"redis" or "garnet".</summary>
    public abstract string Kind { get; }

    public RespServerProcess Server => _server ?? throw new InvalidOperationException("The server fixture did not start.");

    /// <summary>Another server of the same kind, for tests that need different settings (e.g. a password).</summary>
    public Task<RespServerProcess> StartAnotherAsync(string? password = null) => RespServerProcess.StartAsync(Kind, password);

    public async Task InitializeAsync() => _server = await RespServerProcess.StartAsync(Kind);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

public sealed class RedisServerFixture : RespServerFixture
{
    public override string Kind => "redis";
}

public sealed class GarnetServerFixture : RespServerFixture
{
    public override string Kind => "garnet";
}
