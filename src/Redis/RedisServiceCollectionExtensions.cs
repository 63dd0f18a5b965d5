using ChatHub.Adapters.Telegram.Egress;
using ChatHub.Adapters.WebChat;
using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Counters;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.RateLimiting;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Inference.HotQuestions;
using ChatHub.Redis.Connection;
using ChatHub.Redis.Conversation;
using ChatHub.Redis.HotQuestions;
using ChatHub.Redis.RateLimiting;
using ChatHub.Redis.SignalR;
using ChatHub.Redis.WebChat;
using ChatHub.Resp;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// The Redis backend, only when <c>ConnectionStrings:Redis</c> is set (otherwise nothing changes and the embedded
    /// stores stay). It then registers one shared <see cref="RedisConnection"/> (a <see cref="RespClient"/> and a
    /// <c>RespSubscriber</c>, connected by the first hosted service; an unreachable Redis makes the node unready, not
    /// dead), replaces every store (identity map, routing table, sessions, idempotency keys, counters, link codes,
    /// audit log, web-chat transcript, the pipeline's token buckets), adds the hot-question L2 with L1 invalidation, the
    /// cluster-wide outbound rate limiter (<see cref="IDistributedRateLimiter"/>; Telegram's budgets use it when its
    /// egress is registered, so call it after <c>AddTelegram</c>),
    /// the SignalR backplane, and the <c>redis</c> readiness check. Call it after <c>AddConversation</c>,
    /// <c>AddWebChat</c> and <c>AddHotQuestionCache</c> (the L2 must come after the L1).
    /// </summary>
    public static IServiceCollection AddRedis(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString(RedisOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName)
            .Configure(options => options.ConnectionString = connectionString)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>());
        services.TryAddSingleton<RedisKeyspace>();
        services.TryAddSingleton(static provider => new RedisConnection(
            RespConfiguration.Parse(provider.GetRequiredService<IOptions<RedisOptions>>().Value.ConnectionString!),
            provider.GetService<ILogger<RedisConnection>>()));

        // First of all hosted services: connected before the pipeline's loops start, disposed after they stopped.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, RedisConnectionService>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransientFailureRule, RedisTransientFailureRule>());

        Replace<IIdentityMap, RedisIdentityMap>(services);
        Replace<IRoutingTable, RedisRoutingTable>(services);
        Replace<ISessionStore, RedisSessionStore>(services);
        Replace<IIdempotencyStore, RedisIdempotencyStore>(services);
        Replace<ICounterStore, RedisCounterStore>(services);
        Replace<ILinkCodeStore, RedisLinkCodeStore>(services);
        Replace<IAuditLog, RedisAuditLog>(services);
        Replace<IWebChatTranscript, RedisWebChatTranscript>(services);
        services.TryAddSingleton<RedisRateLimiter>();
        services.TryAddSingleton<IDistributedRateLimiter>(static provider => provider.GetRequiredService<RedisRateLimiter>());
        services.RemoveAll<ITokenBucketLimiter>();
        services.AddSingleton<ITokenBucketLimiter>(static provider => provider.GetRequiredService<RedisRateLimiter>());
        if (services.Any(static d => d.ServiceType == typeof(ITelegramRateLimiter)))
        {
            // Telegram egress is on (AddTelegram ran first): its budgets become cluster-wide.
            Replace<ITelegramRateLimiter, RedisTelegramRateLimiter>(services);
        }

        if (services.Any(static d => d.ServiceType == typeof(MemoryHotQuestionStore)))
        {
            services.TryAddSingleton<RedisHotQuestionStore>();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHotQuestionStore, RedisHotQuestionStore>(
                static provider => provider.GetRequiredService<RedisHotQuestionStore>()));
            services.AddHostedService<HotQuestionInvalidationService>();
        }

        // AddSignalR registers the default manager with TryAdd, so this wins whichever comes first.
        services.RemoveAll(typeof(HubLifetimeManager<>));
        services.AddSingleton(typeof(HubLifetimeManager<>), typeof(RedisHubLifetimeManager<>));
        return services;
    }

    private static void Replace<TService, TImplementation>(IServiceCollection services)
        where TService : class
        where TImplementation : class, TService
    {
        services.RemoveAll<TService>();
        services.AddSingleton<TService, TImplementation>();
    }
}
