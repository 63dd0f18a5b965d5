
namespace ChatHub.Hub.Tests.Discord;

/// <summary>One Discord hub with a live gateway session, shared by the tests of a class; each test uses its own channel ids.</summary>
public sealed class DiscordHubFixture : IAsyncLifetime
{
    private DiscordHub? _hub;

    public DiscordHub Hub => _hub ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _hub = await DiscordHub.StartAsync().DefaultTimeout();
        await _hub.WaitForSessionAsync();
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync().AsTask().DefaultTimeout();
        }
    }
}
