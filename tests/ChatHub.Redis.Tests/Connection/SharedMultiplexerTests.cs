using ChatHub.Inference.HotQuestions;
using ChatHub.Redis.Connection;
using ChatHub.Redis.Tests.Backends;
using ChatHub.Redis.Tests.HotQuestions;
using ChatHub.Redis.Tests.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatHub.Redis.Tests.Connection;

/// <summary>
/// The libraries on the shared multiplexer (the hot-question cache's L2, the SignalR backplane) each dispose the
/// connection they were handed when they are disposed; the container disposes them in an order of its
/// own, so the first one disposed must not close the connection the others and the stores still use (seen as an
/// <see cref="ObjectDisposedException"/> from the SignalR backplane's unsubscribe while a hub shut down).
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class SharedMultiplexerTests(RedisBackend backend)
{
    [Fact]
    public async Task LibrariesOnTheSharedMultiplexer_EachDisposed_TheConnectionStaysOpenForTheRest()
    {
        await using var node = await CacheNode.StartAsync(backend.Server, $"shared-{Guid.NewGuid():N}:");
        await node.Cache.GetOrCreateAsync(
            "what are your hours", _ => Task.FromResult(new HotAnswer("nine to five", "knowledge")), default).DefaultTimeout();
        var signalR = node.Services.GetRequiredService<HubLifetimeManager<ScaleoutTestHub>>();
        await signalR.SendAllAsync("Message", ["hello"]).DefaultTimeout(); // connects and publishes through the shared multiplexer

        (node.Services.GetRequiredKeyedService<IDistributedCache>(HotQuestionCache.CacheName) as IDisposable)?.Dispose();
        await node.Redis.Database.PingAsync().DefaultTimeout();
        ((IDisposable)signalR).Dispose();

        await node.Redis.Database.PingAsync().DefaultTimeout();
        Assert.True(node.Redis.IsConnected);
    }

    /// <summary>
    /// As in the hub: SignalR's lifetime manager is built when the hub endpoint is mapped, before the host starts its
    /// hosted services, the connection's starter among them. The container disposes what it built in reverse order:
    /// the connection registered as a hosted service itself was disposed a second time, first, as that hosted service,
    /// so it closed the multiplexer before the lifetime manager's unsubscribe (an <see cref="ObjectDisposedException"/>
    /// at shutdown). A probe built right after the lifetime manager is disposed right before it: the connection must
    /// still be open then.
    /// </summary>
    [Fact]
    public async Task SignalRBuiltBeforeTheHostStarted_ContainerDisposed_ConnectionStillOpenWhenTheBackplaneUnsubscribes()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = backend.Server.ConnectionString,
            ["Redis:KeyPrefix"] = $"order-{Guid.NewGuid():N}:",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        RedisServiceCollectionExtensions.AddRedisServices(services, configuration);
        services.AddSingleton(static provider => new ConnectionProbe(provider.GetRequiredService<RedisConnection>()));
        var provider = services.BuildServiceProvider();

        var signalR = provider.GetRequiredService<HubLifetimeManager<ScaleoutTestHub>>(); // what mapping the hub does
        var probe = provider.GetRequiredService<ConnectionProbe>();
        var hosted = provider.GetServices<IHostedService>().ToArray(); // what starting the host does
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None).DefaultTimeout();
        }

        await signalR.SendAllAsync("Message", ["hello"]).DefaultTimeout(); // subscribed and publishing
        foreach (var service in hosted.Reverse())
        {
            await service.StopAsync(CancellationToken.None).DefaultTimeout();
        }

        await provider.DisposeAsync().AsTask().DefaultTimeout();

        Assert.True(probe.Disposed);
        Assert.True(probe.ConnectedAtDispose, "the connection was closed before the SignalR backplane was disposed");
    }

    private sealed class ConnectionProbe(RedisConnection connection) : IDisposable
    {
        public bool Disposed { get; private set; }

        public bool ConnectedAtDispose { get; private set; }

        public void Dispose()
        {
            Disposed = true;
            ConnectedAtDispose = connection.IsConnected;
        }
    }
}
