namespace ChatHub.Hub.Tests.Infrastructure;

/// <summary>One hub on the embedded default, shared by the tests of a class.</summary>
public sealed class HubServerFixture : IAsyncLifetime
{
    private HubServer? _server;

    public HubServer Server => _server ?? throw new InvalidOperationException("not started");

    public Uri BaseAddress => Server.BaseAddress;

    public async Task InitializeAsync() => _server = await HubServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
