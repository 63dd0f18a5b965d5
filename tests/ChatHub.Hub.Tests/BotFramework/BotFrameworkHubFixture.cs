namespace ChatHub.Hub.Tests.BotFramework;

/// <summary>One Bot Framework hub shared by the tests of a class; each test uses its own conversation and activity ids.</summary>
public sealed class BotFrameworkHubFixture : IAsyncLifetime
{
    private BotFrameworkHub? _hub;

    public BotFrameworkHub Hub => _hub ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _hub = await BotFrameworkHub.StartAsync();

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }
}
