namespace ChatHub.Hub.Tests.Telegram;

/// <summary>One Telegram hub (webhook mode) shared by the tests of a class; each test uses its own chat ids.</summary>
public sealed class TelegramHubFixture : IAsyncLifetime
{
    private TelegramHub? _hub;

    public TelegramHub Hub => _hub ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _hub = await TelegramHub.StartAsync();

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }
}
