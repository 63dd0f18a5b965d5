using ChatHub.StoreSpecs;
using ChatHub.Redis.Connection;
using ChatHub.Testing.Processes;

namespace ChatHub.Redis.Tests.Backends;

/// <summary>
/// A real server for a whole test collection (started once, killed at the end) and one multiplexer on it shared by the
/// collection's tests, as one hub node shares it. Each test gets its own key prefix.
/// </summary>
public abstract class ServerBackend : StoreBackend, IAsyncLifetime
{
    private RespServerProcess? _server;
    private RedisConnection? _connection;
    private int _contexts;

    /// <summary>"redis" or "garnet".</summary>
    public abstract string Kind { get; }

    public RespServerProcess Server => _server ?? throw new InvalidOperationException("The server did not start.");

    public RedisConnection Connection => _connection ?? throw new InvalidOperationException("The server did not start.");

    public override StoreContext CreateContext() =>
        new ServerStoreContext(Connection, $"t{Interlocked.Increment(ref _contexts)}-{Guid.NewGuid():N}:");

    /// <summary>Another multiplexer on the same server: a second hub node.</summary>
    public async Task<RedisConnection> ConnectNodeAsync() => new(await Server.ConnectAsync());

    public async Task InitializeAsync()
    {
        _server = await RespServerProcess.StartAsync(Kind);
        _connection = await ConnectNodeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
