using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.Slack.Api;
using ChatHub.Adapters.Slack.Egress;
using ChatHub.Adapters.Slack.Ingress;
using ChatHub.Adapters.Slack.SocketMode;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// The Slack adapter, when <c>Channels:Slack:BotToken</c> is set (otherwise nothing is registered). With the
    /// ingress role: <c>auth.test</c> at start, then the Events API handler (map it with
    /// <see cref="SlackEndpointRouteBuilderExtensions.MapSlackWebhook"/>) or, with <c>Mode=SocketMode</c>, the Socket
    /// Mode connection. With the egress role: the sender, with its budgets. Readiness check <c>slack</c> (tag
    /// <c>ready</c>). Options are validated at start.
    /// </summary>
    public static ChannelAdaptersBuilder AddSlack(this ChannelAdaptersBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{SlackOptions.SectionName}:{nameof(SlackOptions.BotToken)}"])
            || services.Any(d => d.ServiceType == typeof(SlackHealth)))
        {
            return builder; // off without a token; registered once
        }

        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(SlackWebApiClient.HttpClientName, client =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan; // each call has its own timeout (SlackOptions.RequestTimeout)
                client.MaxResponseContentBufferSize = 16 * 1024 * 1024;
            })
            .RemoveAllLoggers(); // keep request logging (and any header it might show) out of the logs
        services.TryAddSingleton<SlackWebApiClient>();
        services.TryAddSingleton<SlackBotIdentity>();
        services.TryAddSingleton<SlackHealth>();
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "slack", static sp => sp.GetRequiredService<SlackHealth>(), failureStatus: null, tags: ["ready"]));

        if (builder.Roles.Has(HubRole.Ingress))
        {
            services.TryAddSingleton<SlackEventMapper>();
            services.TryAddSingleton<SlackIngress>();
            services.TryAddSingleton<SlackEventsHandler>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SlackStartupService>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SlackSocketModeService>());
        }

        if (builder.Roles.Has(HubRole.Egress))
        {
            services.TryAddSingleton<SlackRateLimiter>();
            services.TryAddSingleton<SlackReplyTracker>();
            services.TryAddSingleton<SlackDelivery>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, SlackSender>());
        }

        return builder;
    }
}
