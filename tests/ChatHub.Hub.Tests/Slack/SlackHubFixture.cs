namespace ChatHub.Hub.Tests.Slack;

/// <summary>One Slack hub (Events API), shared by the tests of a class; each test uses its own channel ids.</summary>
public sealed class SlackHubFixture : IAsyncLifetime
{
    private SlackHub? _hub;

    public SlackHub Hub => _hub ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _hub = await SlackHub.StartAsync().DefaultTimeout();
        await _hub.Fake.WaitForCallsAsync("auth.test").DefaultTimeout();
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync().AsTask().DefaultTimeout();
        }
    }
}
