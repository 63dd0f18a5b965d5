using ChatHub.Inference.OpenAiCompatible;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatHub.Inference;

/// <summary>Registers an OpenAI-compatible server (<see cref="OpenAiCompatibleOptions"/>, <c>Inference:OpenAI</c>).</summary>
public static class OpenAiCompatibleServiceCollectionExtensions
{
    /// <summary>
    /// When <c>Inference:OpenAI:Endpoint</c> is set: an <see cref="OpenAiCompatibleChatClient"/> in the model slot,
    /// behind the resilience layer. Without an endpoint nothing changes.
    /// </summary>
    public static InferenceBuilder AddOpenAiCompatible(this InferenceBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<OpenAiCompatibleOptions>()
            .BindConfiguration(OpenAiCompatibleOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OpenAiCompatibleOptions>, OpenAiCompatibleOptionsValidator>());
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{OpenAiCompatibleOptions.SectionName}:{nameof(OpenAiCompatibleOptions.Endpoint)}"]))
        {
            return builder;
        }

        services.TryAddSingleton(static provider =>
            new OpenAiCompatibleChatClient(provider.GetRequiredService<IOptions<OpenAiCompatibleOptions>>().Value));
        ModelBackendRegistration.Register<OpenAiCompatibleChatClient>(builder, "openai-compatible", $"{OpenAiCompatibleOptions.SectionName}:Endpoint");
        return builder;
    }
}
