using System.Diagnostics.Metrics;
using ChatHub.Inference.LlamaCpp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Inference;

/// <summary>Registers the local llama.cpp model (<see cref="LlamaCppOptions"/>, <c>Inference:Model</c>).</summary>
public static class LlamaCppServiceCollectionExtensions
{
    /// <summary>
    /// When <c>Inference:Model:Path</c> is set: a <see cref="LlamaCppChatClient"/> in the model slot, behind the
    /// resilience layer. The options are validated and the native library and model are loaded at host start.
    /// Without a path nothing changes and no native library is loaded.
    /// </summary>
    public static InferenceBuilder AddLlamaCpp(this InferenceBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<LlamaCppOptions>()
            .BindConfiguration(LlamaCppOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlamaCppOptions>, LlamaCppOptionsValidator>());
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{LlamaCppOptions.SectionName}:{nameof(LlamaCppOptions.Path)}"]))
        {
            return builder;
        }

        services.TryAddSingleton(static provider => LlamaCppChatClient.Create(
            provider.GetRequiredService<IOptions<LlamaCppOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetService<IMeterFactory>()));
        ModelBackendRegistration.Register<LlamaCppChatClient>(builder, "llama.cpp", $"{LlamaCppOptions.SectionName}:Path");
        return builder;
    }
}
