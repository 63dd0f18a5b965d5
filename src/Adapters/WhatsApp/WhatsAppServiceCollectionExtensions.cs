using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.WhatsApp.Api;
using ChatHub.Adapters.WhatsApp.Egress;
using ChatHub.Adapters.WhatsApp.Ingress;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WhatsApp;

public static class WhatsAppServiceCollectionExtensions
{
    /// <summary>
    /// The WhatsApp (Cloud API) adapter, when <c>Channels:WhatsApp:PhoneNumberId</c> is set (otherwise nothing is
    /// registered). With the ingress role: the webhook handler (map it with
    /// <see cref="WhatsAppEndpointRouteBuilderExtensions.MapWhatsAppWebhook"/>). With the egress role: the sender, its
    /// budget and retries. Options are validated at start.
    /// </summary>
    public static ChannelAdaptersBuilder AddWhatsApp(this ChannelAdaptersBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{WhatsAppOptions.SectionName}:{nameof(WhatsAppOptions.PhoneNumberId)}"])
            || services.Any(d => d.ServiceType == typeof(WhatsAppHealth)))
        {
            return builder; // off without a phone number id; registered once
        }

        services.AddOptions<WhatsAppOptions>().BindConfiguration(WhatsAppOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WhatsAppOptions>>(new WhatsAppOptionsValidator(builder.Roles)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WhatsAppHealth>();
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "whatsapp", static sp => sp.GetRequiredService<WhatsAppHealth>(), failureStatus: null, tags: ["ready"]));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, WhatsAppStartupLog>());

        if (builder.Roles.Has(HubRole.Ingress))
        {
            services.TryAddSingleton<WhatsAppIngress>();
            services.TryAddSingleton<WhatsAppWebhookHandler>();
        }

        if (builder.Roles.Has(HubRole.Egress))
        {
            services.AddHttpClient(WhatsAppCloudApi.HttpClientName, client =>
                {
                    client.Timeout = Timeout.InfiniteTimeSpan; // each call has its own timeout (RequestTimeout)
                    client.MaxResponseContentBufferSize = 1024 * 1024;
                })
                .RemoveAllLoggers(); // request URLs name the phone number; the token is never logged anyway
            services.TryAddSingleton<WhatsAppCloudApi>();
            services.TryAddSingleton<WhatsAppRateLimiter>();
            services.TryAddSingleton<WhatsAppDelivery>();
            services.TryAddSingleton<WhatsAppReplyTracker>();
            services.TryAddSingleton<WhatsAppServiceWindow>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, WhatsAppSender>());
        }

        return builder;
    }
}
