using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.Discord.Api;
using ChatHub.Adapters.Discord.Egress;
using ChatHub.Adapters.Discord.Gateway;
using ChatHub.Adapters.Discord.Ingress;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Voice;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>
    /// The Discord adapter, when <c>Channels:Discord:Token</c> is set (otherwise nothing is registered). With the
    /// ingress role: the gateway client (<c>GET /gateway/bot</c>, then Gateway v10 with heartbeats, resume and
    /// reconnects), MESSAGE_CREATE to chat.inbound. With the egress role: the sender over REST, with per-route
    /// rate-limit buckets. Readiness check <c>discord</c> (tag <c>ready</c>). Options are validated at start.
    /// </summary>
    public static ChannelAdaptersBuilder AddDiscord(this ChannelAdaptersBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{DiscordOptions.SectionName}:{nameof(DiscordOptions.Token)}"])
            || services.Any(d => d.ServiceType == typeof(DiscordHealth)))
        {
            return builder; // off without a token; registered once
        }

        services.AddOptions<DiscordOptions>().BindConfiguration(DiscordOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(DiscordRestClient.HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // each call has its own timeout (DiscordOptions.RequestTimeout)
                client.MaxResponseContentBufferSize = 16 * 1024 * 1024;
            })
            .RemoveAllLoggers(); // keep request logging (and any header it might show) out of the logs
        services.AddHttpClient(DiscordImageSource.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan) // the worker's fetch timeout
            .ConfigurePrimaryHttpMessageHandler(PlatformHosts.DownloadHandler)
            .RemoveAllLoggers(); // signed CDN URLs stay out of the logs
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IImageSource, DiscordImageSource>()); // attachments, for the worker
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVoiceSource, DiscordVoiceSource>()); // voice messages, for the worker
        services.TryAddSingleton<DiscordRateLimiter>();
        services.TryAddSingleton<DiscordRestClient>();
        services.TryAddSingleton<DiscordBotIdentity>();
        services.TryAddSingleton<DiscordHealth>();
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "discord", static sp => sp.GetRequiredService<DiscordHealth>(), failureStatus: null, tags: ["ready"]));

        if (builder.Roles.Has(HubRole.Ingress))
        {
            services.TryAddSingleton<GatewayJitter>();
            services.TryAddSingleton<DiscordMessageMapper>();
            services.TryAddSingleton<DiscordIngress>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DiscordGatewayService>());
        }

        if (builder.Roles.Has(HubRole.Egress))
        {
            services.TryAddSingleton<DiscordReplyTracker>();
            services.TryAddSingleton<DiscordDelivery>();
            services.TryAddSingleton<DiscordTypingIndicator>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, DiscordSender>());
        }

        return builder;
    }
}
