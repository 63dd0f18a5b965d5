namespace ChatHub.Hub.Tests.WhatsApp;

/// <summary>One WhatsApp hub shared by the tests of a class; each test uses its own people and message ids.</summary>
public sealed class WhatsAppHubFixture : IAsyncLifetime
{
    private WhatsAppHub? _hub;

    public WhatsAppHub Hub => _hub ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _hub = await WhatsAppHub.StartAsync();

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }
}
