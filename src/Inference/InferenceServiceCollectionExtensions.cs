using System.Diagnostics.Metrics;
using ChatHub.Inference.Fallback;
using ChatHub.Inference.HotQuestions;
using ChatHub.Inference.Knowledge;
using ChatHub.Inference.ModelStage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace ChatHub.Inference;

/// <summary>
/// Registers the inference stage. The composed, default (non-keyed) singleton <see cref="IChatClient"/> is
/// <c>HotQuestionChatClient(KnowledgeChatClient(model))</c>, each layer present only when its builder method was
/// called; <c>model</c> is the keyed <see cref="IChatClient"/> <see cref="InferenceServiceKeys.Model"/>, by default
/// the <see cref="FallbackChatClient"/>.
/// <code>
/// builder.Services.AddInference(builder.Configuration).AddKnowledgeBase().AddHotQuestionCache();
/// </code>
/// </summary>
public static class InferenceServiceCollectionExtensions
{
    public static InferenceBuilder AddInference(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(configuration); // hosts register it already; BindConfiguration needs it
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddMetrics();

        // The replaceable model slot: a language-model provider registers its client under this key instead.
        services.TryAddKeyedSingleton<IChatClient>(InferenceServiceKeys.Model, static (provider, _) =>
            new FallbackChatClient(logger: provider.GetService<ILogger<FallbackChatClient>>()));
        services.TryAddSingleton(ComposeChatClient);
        return new InferenceBuilder(services, configuration);
    }

    /// <summary>Answers from the Markdown FAQ (<see cref="KnowledgeOptions"/>); a bad file stops host start.</summary>
    public static InferenceBuilder AddKnowledgeBase(this InferenceBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<KnowledgeOptions>()
            .BindConfiguration(KnowledgeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KnowledgeOptions>, KnowledgeOptionsValidator>());
        services.TryAddSingleton(static provider =>
        {
            var path = provider.GetRequiredService<IOptions<KnowledgeOptions>>().Value.ResolvePath();
            var knowledgeBase = KnowledgeBase.Load(path);
            var logger = provider.GetRequiredService<ILogger<KnowledgeBase>>();
            Log.KnowledgeBaseLoaded(logger, path, knowledgeBase.Entries.Count, knowledgeBase.Index.TermCount);
            return knowledgeBase;
        });
        return builder;
    }

    /// <summary>
    /// Caches first-turn questions (<see cref="HotQuestionCacheOptions"/>) on FusionCache, warmed from the knowledge base at
    /// start. A distributed backend adds the L2 and the backplane by registering a keyed <c>IDistributedCache</c> and
    /// <c>IFusionCacheBackplane</c> under <see cref="HotQuestionCache.CacheName"/>, before or after this call.
    /// </summary>
    public static InferenceBuilder AddHotQuestionCache(this InferenceBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(static d => d.ServiceType == typeof(HotQuestionL1)))
        {
            return builder; // registered already
        }

        services.AddOptions<HotQuestionCacheOptions>()
            .BindConfiguration(HotQuestionCacheOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<HotQuestionL1>();
        services.AddOptions<FusionCacheOptions>(HotQuestionCache.CacheName)
            .Configure<IOptions<HotQuestionCacheOptions>>(static (fusion, options) =>
            {
                fusion.DistributedCacheCircuitBreakerDuration = options.Value.CircuitBreakerDuration;
                fusion.BackplaneCircuitBreakerDuration = options.Value.CircuitBreakerDuration;
                fusion.EnableSyncEventHandlersExecution = true; // the metrics' counters: cheap, and counted in order
                fusion.EnableAutoRecovery = true;
                fusion.DisableTagging = true; // no tags, no Clear(): without this every hit also checks Clear's timestamps
            });
        services.AddFusionCache(HotQuestionCache.CacheName)
            .WithMemoryCache(static provider => provider.GetRequiredService<HotQuestionL1>().Cache)
            .WithSerializer(new FusionCacheSystemTextJsonSerializer())
            .TryWithRegisteredKeyedDistributedCache(HotQuestionCache.CacheName)
            .TryWithRegisteredKeyedBackplane(HotQuestionCache.CacheName)
            .WithoutLogger(); // its messages carry keys, which are people's questions
        services.AddSingleton(static provider => new HotQuestionCache(
            provider.GetRequiredService<IFusionCacheProvider>(),
            provider.GetRequiredService<HotQuestionL1>(),
            provider.GetRequiredService<IOptions<HotQuestionCacheOptions>>(),
            provider.GetRequiredService<IMeterFactory>(),
            provider.GetService<ILogger<HotQuestionCache>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HotQuestionWarmupService>());
        return builder;
    }

    private static IChatClient ComposeChatClient(IServiceProvider provider)
    {
        var client = provider.GetRequiredKeyedService<IChatClient>(InferenceServiceKeys.Model);
        if (client is not FallbackChatClient && provider.GetService<ModelStageChatClient>() is { } stage)
        {
            client = stage; // the model stage (Semantic Kernel) over the model slot
        }

        if (provider.GetService<KnowledgeBase>() is { } knowledgeBase)
        {
            var options = provider.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
            client = new KnowledgeChatClient(
                client, knowledgeBase, options, provider.GetService<ILogger<KnowledgeChatClient>>());
        }

        if (provider.GetService<HotQuestionCache>() is { } cache)
        {
            client = new HotQuestionChatClient(client, cache, provider.GetService<ILogger<HotQuestionChatClient>>());
        }

        return client;
    }
}
