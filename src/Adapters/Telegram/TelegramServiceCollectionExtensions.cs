using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.Telegram.Api;
using ChatHub.Adapters.Telegram.Egress;
using ChatHub.Adapters.Telegram.Ingress;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.RateLimiting;
using ChatHub.Conversation.Voice;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram;

public static class TelegramServiceCollectionExtensions
{
    /// <summary>
    /// The Telegram adapter, when <c>Channels:Telegram:Token</c> is set (otherwise nothing is registered). With the
    /// ingress role: <c>getMe</c>/<c>setWebhook</c> at start, the webhook handler (map it with
    /// <see cref="TelegramEndpointRouteBuilderExtensions.MapTelegramWebhook"/>) or the long-polling loop. With the
    /// egress role: the sender, with its rate limiter. Options are validated at start.
    /// </summary>
    public static ChannelAdaptersBuilder AddTelegram(this ChannelAdaptersBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{TelegramOptions.SectionName}:{nameof(TelegramOptions.Token)}"])
            || services.Any(d => d.ServiceType == typeof(TelegramHealth)))
        {
            return builder; // off without a token; registered once
        }

        services.AddOptions<TelegramOptions>().BindConfiguration(TelegramOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(TelegramBotApi.HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // each call has its own timeout (TelegramOptions.RequestTimeout)
                client.MaxResponseContentBufferSize = 16 * 1024 * 1024;
            })
            .ConfigurePrimaryHttpMessageHandler(static sp => new SocketsHttpHandler
            {
                // Bounded: under overload sends queue for a connection instead of opening thousands.
                MaxConnectionsPerServer = sp.GetRequiredService<IOptions<TelegramOptions>>().Value.MaxConnectionsPerServer,
            })
            .RemoveAllLoggers(); // the default handlers log request URLs, which carry the token
        services.TryAddSingleton<TelegramBotApi>();
        services.TryAddSingleton<TelegramBotIdentity>();
        services.TryAddSingleton<TelegramHealth>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IImageSource, TelegramImageSource>()); // photos, for the worker
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVoiceSource, TelegramVoiceSource>()); // voice notes, for the worker
        services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            "telegram", static sp => sp.GetRequiredService<TelegramHealth>(), failureStatus: null, tags: ["ready"]));

        if (builder.Roles.Has(HubRole.Ingress))
        {
            services.TryAddSingleton<TelegramUpdateMapper>();
            services.TryAddSingleton<TelegramIngress>();
            services.TryAddSingleton<TelegramWebhookHandler>();
            services.TryAddSingleton<ITelegramOffsetStore, InMemoryTelegramOffsetStore>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TelegramStartupService>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TelegramPollingService>());
        }

        if (builder.Roles.Has(HubRole.Egress))
        {
            // Cluster-wide budgets when a distributed backend registered a shared limiter (decided when resolved, so the
            // order of AddTelegram and AddRedis does not matter); otherwise this process's own.
            services.TryAddSingleton<ITelegramRateLimiter>(static provider =>
                provider.GetService<IDistributedRateLimiter>() is { } shared
                    ? new DistributedTelegramRateLimiter(shared, provider.GetRequiredService<IOptions<TelegramOptions>>())
                    : ActivatorUtilities.CreateInstance<InMemoryTelegramRateLimiter>(provider));
            services.TryAddSingleton<TelegramChatMigrations>();
            services.TryAddSingleton<TelegramReplyTracker>();
            services.TryAddSingleton<TelegramDelivery>();
            services.TryAddSingleton<TelegramTypingIndicator>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, TelegramSender>());
        }

        return builder;
    }
}
