using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatHub.Inference;

/// <summary>
/// Configures the reply chain registered by <see cref="InferenceServiceCollectionExtensions.AddInference"/>:
/// hot-question cache → knowledge base → the <see cref="InferenceServiceKeys.Model"/> client (fallback by default).
/// Provider packages (llama.cpp, OpenAI-compatible) add extension methods here that replace the model client.
/// </summary>
public sealed class InferenceBuilder
{
    internal InferenceBuilder(IServiceCollection services, IConfiguration configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    public IServiceCollection Services { get; }

    /// <summary>The application configuration, for registration-time decisions (is a model path set?).</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The model backend registered in the <see cref="InferenceServiceKeys.Model"/> slot, and the setting that chose it; null: the fallback.</summary>
    internal (string Name, string Setting)? ModelBackend { get; set; }
}
