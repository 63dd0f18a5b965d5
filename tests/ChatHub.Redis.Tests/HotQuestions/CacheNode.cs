using ChatHub.Inference;
using ChatHub.Inference.HotQuestions;
using ChatHub.Redis.Connection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ZiggyCreatures.Caching.Fusion;
using ChatHub.Testing.Processes;

namespace ChatHub.Redis.Tests.HotQuestions;

/// <summary>
/// One node's hot-question cache as the hub registers it (<c>AddHotQuestionCache</c> + the Redis backend's L2 and
/// backplane on its own multiplexer), with its hosted services started.
/// </summary>
internal sealed class CacheNode : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly IHostedService[] _hosted;

    private CacheNode(ServiceProvider provider, IHostedService[] hosted)
    {
        _provider = provider;
        _hosted = hosted;
    }

    public HotQuestionCache Cache => _provider.GetRequiredService<HotQuestionCache>();

    public IFusionCache Fusion => _provider.GetRequiredService<IFusionCacheProvider>().GetCache(HotQuestionCache.CacheName);

    public RedisConnection Redis => _provider.GetRequiredService<RedisConnection>();

    /// <summary>The node's container (the libraries' objects on the shared multiplexer).</summary>
    public IServiceProvider Services => _provider;

    /// <summary>This node's L1 copy of <paramref name="key"/> (fresh or stale), or null; L2 is not read.</summary>
    public HotAnswer? LocalCopy(string key)
    {
        var found = Fusion.TryGet<HotAnswer>(
            HotQuestionCache.KeyPrefix + key, options => options.SetSkipDistributedCache(true, true).SetAllowStaleOnReadOnly(true));
        return found.HasValue ? found.Value : null;
    }

    /// <param name="server">The Redis server (it may be down: then pass <paramref name="waitForBackplane"/> false).</param>
    /// <param name="keyPrefix"><c>Redis:KeyPrefix</c>.</param>
    /// <param name="waitForBackplane">Build the cache only once its backplane has subscribed.</param>
    public static async Task<CacheNode> StartAsync(RespServerProcess server, string keyPrefix, bool waitForBackplane = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = server.ConnectionString,
            ["Redis:KeyPrefix"] = keyPrefix,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddInference(configuration).AddHotQuestionCache();
        RedisServiceCollectionExtensions.AddRedisServices(services, configuration);

        // The backplane subscribes in the background when the cache is built; a test that publishes at once must not
        // race it, so here building the cache waits until the backplane has subscribed.
        services.Configure<FusionCacheOptions>(HotQuestionCache.CacheName, options => options.WaitForInitialBackplaneSubscribe = waitForBackplane);
        var provider = services.BuildServiceProvider();

        // The connection first, as the host does (it is the first hosted service): building the cache, which the
        // warm-up service's constructor does, then finds the multiplexer and subscribes the backplane at once.
        await provider.GetRequiredService<RedisConnection>().StartAsync(CancellationToken.None).DefaultTimeout();
        var hosted = provider.GetServices<IHostedService>().ToArray();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None).DefaultTimeout();
        }

        return new CacheNode(provider, hosted);
    }

    /// <summary>Completes when this node's backplane delivered a message about <paramref name="key"/> (another node changed it).</summary>
    public Task NextBackplaneMessage(string key)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Fusion.Events.Backplane.MessageReceived += (_, e) =>
        {
            if (e.Message.CacheKey == HotQuestionCache.KeyPrefix + key)
            {
                seen.TrySetResult();
            }
        };
        return seen.Task;
    }

    /// <summary>
    /// Completes when this node's L1 copy of <paramref name="key"/> was expired, removed or replaced (after another node
    /// changed the key, the backplane's handler does one of these).
    /// </summary>
    public Task NextLocalChange(string key)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChange(object? sender, ZiggyCreatures.Caching.Fusion.Events.FusionCacheEntryEventArgs e)
        {
            if (e.Key == HotQuestionCache.KeyPrefix + key)
            {
                changed.TrySetResult();
            }
        }

        Fusion.Events.Memory.Expire += OnChange;
        Fusion.Events.Memory.Remove += OnChange;
        Fusion.Events.Memory.Set += OnChange;
        return changed.Task;
    }

    /// <summary>Completes when this node's pub/sub connection came back (after a server restart).</summary>
    public Task NextSubscriptionRestored()
    {
        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Redis.SubscriptionRestored += (_, _) => back.TrySetResult();
        return back.Task;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in _hosted.Reverse())
        {
            await service.StopAsync(CancellationToken.None).DefaultTimeout();
        }

        await _provider.DisposeAsync().AsTask().DefaultTimeout();
    }
}
