using ChatHub.Hub.Extensions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ChatHub.Hub.Tests.Infrastructure;

/// <summary>
/// A real hub on real Kestrel, on a free loopback port, built by the same composition root as Program.
/// </summary>
public sealed class HubServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HubServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<HubServer> StartAsync(IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        // Hub:TypingDelay=0: typing before every reply, however fast, so the adapters' typing paths stay covered end
        // to end (production shows it only for replies slower than the delay; MessageProcessorTests cover that).
        // Storage:Provider=memory: nothing is kept (the content root is src/Hub; a test that wants the durable default
        // passes Storage:Provider=sqlite with a Storage:Path of its own, a later argument winning).
        // The per-address limits (web chat admission, answers per address, refused Telegram calls) are raised: every test
        // client comes from 127.0.0.1, where one address stands for hundreds of people; the tests of those limits
        // (WebChatAbuseTests, TelegramWebhookThrottleTests, ...) set them back.
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0", "--environment=Development", "--Hub:TypingDelay=00:00:00", "--Storage:Provider=memory",
            "--Channels:WebChat:Limits:NewConversationsPerConnection=1000", "--Channels:WebChat:Limits:NewConversationsPerAddressBurst=100000",
            "--Channels:WebChat:Limits:MessagesPerConnectionBurst=100000", "--Channels:WebChat:Limits:MessagesPerAddressBurst=100000",
            "--RateLimits:PerClientAddressBurst=100000", "--Channels:Telegram:FailedAuthBurst=10000",
        };
        args.AddRange((settings ?? new Dictionary<string, string?>()).Select(kv => $"--{kv.Key}={kv.Value}"));
        var app = ChatHubApplication.Create(
            new WebApplicationOptions { Args = [.. args], ContentRootPath = RepoPaths.HubProject },
            builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                configure?.Invoke(builder);
            });
        await app.StartAsync().DefaultTimeout();
        // With a management address (Admin:Urls) the server listens twice: the base address is the public one.
        var management = settings?.TryGetValue("Admin:Urls", out var urls) == true && urls is not null ? new Uri(urls.Split(';')[0]).Port : -1;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => new Uri(a).Port != management);
        return new HubServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }
}
