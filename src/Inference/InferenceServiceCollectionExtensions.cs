using ChatHub.Inference.Fallback;
using ChatHub.Inference.HotQuestions;
using ChatHub.Inference.Knowledge;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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

    /// <summary>Caches first-turn questions (<see cref="HotQuestionCacheOptions"/>), warmed from the knowledge base at start.</summary>
    public static InferenceBuilder AddHotQuestionCache(this InferenceBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<HotQuestionCacheOptions>()
            .BindConfiguration(HotQuestionCacheOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<MemoryHotQuestionStore>();

        // L1 first; an L2 (Redis) registers after it with TryAddEnumerable.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHotQuestionStore, MemoryHotQuestionStore>(
            static provider => provider.GetRequiredService<MemoryHotQuestionStore>()));
        services.TryAddSingleton<HotQuestionCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HotQuestionWarmupService>());
        return builder;
    }

    private static IChatClient ComposeChatClient(IServiceProvider provider)
    {
        var client = provider.GetRequiredKeyedService<IChatClient>(InferenceServiceKeys.Model);
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
