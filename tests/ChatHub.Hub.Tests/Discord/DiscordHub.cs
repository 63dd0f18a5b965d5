using ChatHub.Adapters.Discord.Gateway;
using ChatHub.Hub.Tests.Infrastructure;
using ChatHub.Hub.Tests.Telegram.Fakes;
using Microsoft.Extensions.Hosting;
using ChatHub.Testing.Discord;

namespace ChatHub.Hub.Tests.Discord;

/// <summary>A real hub on Kestrel with the Discord adapter pointed at a loopback fake Discord, and a recording bus.</summary>
public sealed class DiscordHub : IAsyncDisposable
{
    private DiscordHub(FakeDiscord fake, HubServer server)
    {
        Fake = fake;
        Server = server;
        Http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public FakeDiscord Fake { get; }

    public HubServer Server { get; }

    public HttpClient Http { get; }

    public RecordingMessageBus Bus => Server.Services.GetRequiredService<RecordingMessageBus>();

    internal DiscordGatewayService Gateway => Server.Services.GetServices<IHostedService>().OfType<DiscordGatewayService>().Single();

    /// <summary>Starts a fake Discord and a hub; <paramref name="settings"/> add or override keys.</summary>
    public static async Task<DiscordHub> StartAsync(
        IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null, FakeDiscord? fake = null)
    {
        fake ??= await FakeDiscord.StartAsync().DefaultTimeout();
        var values = Settings(fake);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var server = await HubServer.StartAsync(values, builder =>
        {
            RecordingMessageBus.Install(builder);
            configure?.Invoke(builder);
        }).DefaultTimeout();
        return new DiscordHub(fake, server);
    }

    public static Dictionary<string, string?> Settings(FakeDiscord fake) => new()
    {
        ["Channels:Discord:Token"] = FakeDiscord.Token,
        ["Channels:Discord:ApiBaseUrl"] = fake.ApiBaseUrl.ToString(),
        ["Channels:Discord:RetryBaseDelay"] = "00:00:00.020",
        ["Channels:Discord:RetryMaxDelay"] = "00:00:00.100",
    };

    /// <summary>Completes once the hub has identified and the fake has a session to dispatch on.</summary>
    public async Task WaitForSessionAsync()
    {
        await Fake.WaitForClientOpAsync(0, 2).DefaultTimeout();
        await Fake.WaitUntilAsync(() => Fake.SessionId is not null).DefaultTimeout();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync().AsTask().DefaultTimeout();
        await Fake.DisposeAsync().AsTask().DefaultTimeout();
    }
}
