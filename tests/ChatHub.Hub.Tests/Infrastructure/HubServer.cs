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
        var args = new List<string> { "--urls=http://127.0.0.1:0", "--environment=Development", "--Hub:TypingDelay=00:00:00", "--Storage:Provider=memory" };
        args.AddRange((settings ?? new Dictionary<string, string?>()).Select(kv => $"--{kv.Key}={kv.Value}"));
        var app = ChatHubApplication.Create(
            new WebApplicationOptions { Args = [.. args], ContentRootPath = RepoPaths.HubProject },
            builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                configure?.Invoke(builder);
            });
        await app.StartAsync().DefaultTimeout();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HubServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }
}
