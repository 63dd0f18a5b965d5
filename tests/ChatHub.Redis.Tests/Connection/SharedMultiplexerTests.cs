using ChatHub.Inference.HotQuestions;
using ChatHub.Redis.Tests.Backends;
using ChatHub.Redis.Tests.HotQuestions;
using ChatHub.Redis.Tests.SignalR;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

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
}
