using System.Diagnostics.Metrics;
using ChatHub.Inference.HotQuestions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ZiggyCreatures.Caching.Fusion;

namespace ChatHub.Inference.Tests.TestSupport;

/// <summary>The hot-question cache as <c>AddHotQuestionCache</c> registers it (FusionCache, L1 only), with a private meter factory.</summary>
internal sealed class HotQuestionCacheHarness : IDisposable
{
    private readonly ServiceProvider _provider;

    public HotQuestionCacheHarness(HotQuestionCacheOptions? options = null)
    {
        Options = options ?? new HotQuestionCacheOptions();
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddSingleton<IMeterFactory>(Meters);
        services.AddInference(configuration).AddHotQuestionCache();
        services.AddSingleton<IOptions<HotQuestionCacheOptions>>(Microsoft.Extensions.Options.Options.Create(Options));
        _provider = services.BuildServiceProvider();
        Counters = new CounterRecorder(Meters);
        Cache = _provider.GetRequiredService<HotQuestionCache>();
        Fusion = _provider.GetRequiredService<IFusionCacheProvider>().GetCache(HotQuestionCache.CacheName);
        Store = new L1View(_provider.GetRequiredService<HotQuestionL1>(), Fusion);
    }

    public HotQuestionCacheOptions Options { get; }

    public TestMeterFactory Meters { get; } = new();

    public CounterRecorder Counters { get; }

    public HotQuestionCache Cache { get; }

    /// <summary>The FusionCache underneath (to expire an entry, as time would).</summary>
    public IFusionCache Fusion { get; }

    /// <summary>What the L1 holds.</summary>
    public L1View Store { get; }

    public void Dispose()
    {
        Counters.Dispose();
        _provider.Dispose();
        Meters.Dispose();
    }

    internal sealed class L1View(HotQuestionL1 l1, IFusionCache fusion)
    {
        /// <summary>Answers held (FusionCache keeps entries of its own there too: not counted).</summary>
        public int Count => l1.Cache.Keys.OfType<string>().Count(key => key.StartsWith(HotQuestionCache.KeyPrefix, StringComparison.Ordinal));

        public HotAnswer? TryGet(string key)
        {
            var found = fusion.TryGet<HotAnswer>(HotQuestionCache.KeyPrefix + key, options => options.SetSkipDistributedCache(true, true));
            return found.HasValue ? found.Value : null;
        }
    }
}
