using ChatHub.Inference.ModelStage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatHub.Inference;

/// <summary>Registers the model stage (<see cref="ModelStageChatClient"/>): Semantic Kernel over the model slot.</summary>
public static class ModelStageServiceCollectionExtensions
{
    /// <summary>
    /// Puts the model stage between the knowledge base and the model slot when a model backend is configured (with
    /// only the fallback there is nothing for it to do): grounding (<c>Inference:Grounding</c>), tools
    /// (<c>Inference:Tools</c>), the system prompt templates (<c>Inference:Prompts</c>) and the prompt filters
    /// (<c>Inference:RedactPersonalData</c>), all validated at start. The hub may register
    /// <see cref="IPersonDirectory"/>, <see cref="IPromptModeration"/>, <see cref="IToolAuditSink"/> and its own
    /// <see cref="IToolBudget"/> (the default counts per node).
    /// </summary>
    public static InferenceBuilder AddModelStage(this InferenceBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(static d => d.ServiceType == typeof(ModelStageChatClient)))
        {
            return builder;
        }

        services.AddOptions<GroundingOptions>().BindConfiguration(GroundingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ToolOptions>().BindConfiguration(ToolOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ToolOptions>, ToolOptionsValidator>());
        services.AddOptions<PromptOptions>().BindConfiguration(PromptOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PromptOptions>, PromptOptionsValidator>());
        services.AddOptions<PromptFilterOptions>().BindConfiguration(PromptFilterOptions.SectionName);
        services.TryAddSingleton<IToolBudget, InMemoryToolBudget>();
        services.TryAddKeyedSingleton(ModelStageServiceKeys.HttpTools, static (provider, _) =>
        {
            var tools = provider.GetRequiredService<IOptions<ToolOptions>>().Value;
            return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                Timeout = tools.Timeout,
            };
        });
        services.AddSingleton(ModelStageFactory.Create);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ModelStageStartupService>());
        return builder;
    }
}
