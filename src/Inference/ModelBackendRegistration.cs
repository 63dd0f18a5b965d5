using ChatHub.Inference.Concurrency;
using ChatHub.Inference.Fallback;
using ChatHub.Inference.Resilience;
using ChatHub.Inference.Usage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Inference;

/// <summary>
/// Puts a model backend (a singleton client of its own type) into the <see cref="InferenceServiceKeys.Model"/>
/// slot, wrapped in <see cref="UsageMeteringChatClient"/> (one usage report per completed call), in <see cref="ResilientChatClient"/> with the polite fallback and, outside it, in
/// <see cref="ConcurrencyLimitedChatClient"/> (the node's limit on generations, <see cref="ModelConcurrencyOptions"/>;
/// waiting in line does not count against the resilience timeout), and creates it at host start (so a missing library
/// or a bad model stops the host then, not on the first message). One backend per node.
/// </summary>
internal static class ModelBackendRegistration
{
    public static void Register<TClient>(InferenceBuilder builder, string backend, string setting)
        where TClient : class, IChatClient
    {
        if (builder.ModelBackend is { } existing)
        {
            throw new InvalidOperationException(
                $"Two model backends are configured: {existing.Name} ({existing.Setting}) and {backend} ({setting}). Set only one of them.");
        }

        builder.ModelBackend = (backend, setting);
        var services = builder.Services;
        services.AddOptions<InferenceResilienceOptions>()
            .BindConfiguration(InferenceResilienceOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ModelConcurrencyOptions>()
            .BindConfiguration(ModelConcurrencyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<ModelConcurrencyOptions>>().Value;
            return new ModelConcurrencyLimiter(Math.Max(1, options.MaxConcurrentGenerations), options.QueueCapacity);
        });
        services.RemoveAll(descriptor => descriptor.IsKeyedService && descriptor.ServiceType == typeof(IChatClient)
            && Equals(descriptor.ServiceKey, InferenceServiceKeys.Model));
        services.AddKeyedSingleton<IChatClient>(InferenceServiceKeys.Model, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptions<InferenceResilienceOptions>>().Value;
            var logger = provider.GetRequiredService<ILogger<ResilientChatClient>>();
            var pipeline = InferenceResiliencePipeline.Create(options, backend, provider.GetRequiredService<TimeProvider>(), logger);
            var fallback = new FallbackChatClient(options.FallbackReply, provider.GetService<ILogger<FallbackChatClient>>());
            var metered = new UsageMeteringChatClient(provider.GetRequiredService<TClient>(), provider.GetRequiredService<TimeProvider>());
            IChatClient client = new ResilientChatClient(metered, fallback, pipeline, backend, logger);
            var concurrency = provider.GetRequiredService<IOptions<ModelConcurrencyOptions>>().Value;
            return concurrency.MaxConcurrentGenerations == 0 ? client : new ConcurrencyLimitedChatClient(
                client, provider.GetRequiredService<ModelConcurrencyLimiter>(), concurrency,
                provider.GetService<ILogger<ConcurrencyLimitedChatClient>>());
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ModelBackendStartupService>());
    }

    private static void RemoveAll(this IServiceCollection services, Func<ServiceDescriptor, bool> match)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (match(services[i]))
            {
                services.RemoveAt(i);
            }
        }
    }
}
