using ChatHub.Adapters.Abstractions;
using ChatHub.Adapters.BotFramework.Authentication;
using ChatHub.Adapters.BotFramework.Egress;
using ChatHub.Adapters.BotFramework.Ingress;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework;

public static class BotFrameworkServiceCollectionExtensions
{
    /// <summary>
    /// The Microsoft Teams / Bot Framework adapter, when <c>Channels:Teams:AppId</c> is set (otherwise nothing is
    /// registered). With the ingress role: token validation against the OpenID metadata, the activity handler (map it
    /// with <see cref="BotFrameworkEndpointRouteBuilderExtensions.MapBotFrameworkEndpoints"/>) and a key fetch at start.
    /// With the egress role: the sender, with its client-credentials token. Options are validated at start.
    /// </summary>
    public static ChannelAdaptersBuilder AddBotFramework(this ChannelAdaptersBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{BotFrameworkOptions.SectionName}:{nameof(BotFrameworkOptions.AppId)}"])
            || services.Any(d => d.ServiceType == typeof(BotFrameworkHealth)))
        {
            return builder; // off without an AppId; registered once
        }

        services.AddOptions<BotFrameworkOptions>().BindConfiguration(BotFrameworkOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotFrameworkOptions>>(new BotFrameworkOptionsValidator(builder.Roles)));
        // A Teams operators' channel's service URL (Handoff:Operator:ServiceUrl) is where the bot's token goes: allowed ones only.
        services.AddOptions<HandoffOptions>().Validate<IOptions<BotFrameworkOptions>>(
            static (handoff, teams) => string.IsNullOrWhiteSpace(handoff.Operator.ServiceUrl) || new ServiceUrlPolicy(teams).Check(handoff.Operator.ServiceUrl) is null,
            "Handoff:Operator:ServiceUrl must be an https URL under Channels:Teams:AllowedServiceUrls (or Microsoft's Bot Framework hosts).");
        services.TryAddSingleton(TimeProvider.System);
        foreach (var name in new[] { BotFrameworkTokenProvider.HttpClientName, BotFrameworkSigningKeys.HttpClientName })
        {
            services.AddHttpClient(name, client =>
                {
                    client.Timeout = Timeout.InfiniteTimeSpan; // each call has its own timeout (RequestTimeout)
                    client.MaxResponseContentBufferSize = 4 * 1024 * 1024;
                })
                .RemoveAllLoggers(); // request URLs name conversations; tokens are never logged anyway
        }

        services.TryAddSingleton<BotFrameworkSigningKeys>();
        // Conversations' service URLs live in the configured store (AddConversation, replaced by SQLite or Redis); in memory by default.
        services.TryAddSingleton<IConversationReferenceStore, InMemoryConversationReferenceStore>();
        services.TryAddSingleton<BotFrameworkConversations>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IUserDataEraser, BotFrameworkUserDataEraser>());
        services.TryAddSingleton<ServiceUrlPolicy>();
        services.TryAddSingleton<BotFrameworkTokenProvider>(); // the egress's, and the worker's for pictures
        services.AddHttpClient(BotFrameworkImageSource.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan) // the worker's fetch timeout
            .ConfigurePrimaryHttpMessageHandler(PlatformHosts.DownloadHandler)
            .RemoveAllLoggers();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IImageSource, BotFrameworkImageSource>()); // inline images, for the worker
        services.TryAddSingleton<BotFrameworkHealth>();
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "teams", static sp => sp.GetRequiredService<BotFrameworkHealth>(), failureStatus: null, tags: ["ready"]));

        if (builder.Roles.Has(HubRole.Ingress))
        {
            services.TryAddSingleton<BotFrameworkTokenValidator>();
            services.TryAddSingleton<BotFrameworkActivityMapper>();
            services.TryAddSingleton<LegacyTeamsIdentities>();
            services.TryAddSingleton<BotFrameworkIngress>();
            services.TryAddSingleton<BotFrameworkActivityHandler>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, BotFrameworkStartupService>());
        }

        if (builder.Roles.Has(HubRole.Egress))
        {
            services.TryAddSingleton<BotFrameworkTokenProvider>();
            services.TryAddSingleton<BotConnectorClient>();
            services.TryAddSingleton<BotFrameworkSendBudget>();
            services.TryAddSingleton<BotFrameworkDelivery>();
            services.TryAddSingleton<BotFrameworkReplyTracker>();
            services.TryAddSingleton<BotFrameworkTypingIndicator>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelSender, BotFrameworkSender>());
        }

        return builder;
    }
}
