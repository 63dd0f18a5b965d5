using ChatHub.Conversation;
using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Broadcasts;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Counters;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Memory;
using ChatHub.Conversation.RateLimiting;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Uploads;
using ChatHub.Conversation.Usage;
using ChatHub.Conversation.WebChat;
using ChatHub.Inference.HotQuestions;
using ChatHub.Redis.Connection;
using ChatHub.Redis.Conversation;
using ChatHub.Redis.HotQuestions;
using ChatHub.Redis.PubSub;
using ChatHub.Redis.RateLimiting;
using ChatHub.Redis.WebChat;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;
using SignalRRedisOptions = Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions;

namespace ChatHub.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// The Redis backend, only when <c>ConnectionStrings:Redis</c> is set (otherwise nothing changes and the embedded
    /// stores stay). It then registers one shared <see cref="IConnectionMultiplexer"/> (<see cref="RedisConnection"/>,
    /// connected by the first hosted service; an unreachable Redis makes the node unready, not dead), replaces every store
    /// (identity map, routing table, sessions and their summaries, idempotency keys, counters, link codes, audit log, memory, web-chat transcript, the
    /// pipeline's token buckets), adds the cluster-wide <see cref="IDistributedRateLimiter"/> (Telegram's budgets use it),
    /// the hot-question cache's L2 and backplane, the SignalR backplane (<c>AddStackExchangeRedis</c> on the same
    /// multiplexer) and the <c>redis</c> readiness check. The call order against the other <c>Add…</c> methods does not
    /// matter: the defaults are registered with <c>TryAdd</c>, and the rest is chosen when resolved.
    /// </summary>
    public static ConversationBuilder AddRedis(this ConversationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddRedisServices(builder.Services, builder.Configuration);
        return builder;
    }

    /// <summary>What <see cref="AddRedis"/> registers, for hosts that run only a part of the hub (tests, tools).</summary>
    internal static void AddRedisServices(IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(RedisOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString) || services.Any(static d => d.ServiceType == typeof(RedisConnection)))
        {
            return; // not configured, or added already
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName)
            .Configure(options => options.ConnectionString = connectionString)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisOptions>, RedisOptionsValidator>());
        services.TryAddSingleton<RedisKeyspace>();
        services.AddSingleton(static provider =>
        {
            var options = RedisConnectionString.Parse(provider.GetRequiredService<IOptions<RedisOptions>>().Value.ConnectionString!);
            // Every channel on the multiplexer (the SignalR backplane's, the cache backplane's, ours) under the key prefix.
            options.ChannelPrefix = RedisChannel.Literal(provider.GetRequiredService<RedisKeyspace>().Prefix);
            return new RedisConnection(options, provider.GetService<ILogger<RedisConnection>>());
        });

        // First of all hosted services: the multiplexer exists before anything (the cache's warm-up, the pipeline's
        // loops) uses it, and is disposed with the container after every hosted service stopped. Started through a
        // starter, not registered as a hosted service itself: the container disposes what it built in reverse order,
        // and would then dispose the connection also as a hosted service, built after SignalR's lifetime manager (built
        // when the hub endpoint is mapped), so before that manager unsubscribes.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, RedisConnectionStarter>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransientFailureRule, RedisTransientFailureRule>());
        services.TryAddSingleton<RedisChannelSubscriber>();

        services.TryAddSingleton<RedisIdentityMap>();
        services.RemoveAll<IIdentityMap>();
        services.AddSingleton<IIdentityMap>(static provider => provider.GetRequiredService<RedisIdentityMap>());
        services.AddHostedService<RedisIdentityMigration>();
        Replace<IRoutingTable, RedisRoutingTable>(services);
        Replace<IConversationReferenceStore, RedisConversationReferenceStore>(services);
        Replace<ISessionStore, RedisSessionStore>(services);
        Replace<ISummaryStore, RedisSummaryStore>(services);
        Replace<IIdempotencyStore, RedisIdempotencyStore>(services);
        Replace<ICounterStore, RedisCounterStore>(services);
        Replace<ILinkCodeStore, RedisLinkCodeStore>(services);
        Replace<IHandoffStore, RedisHandoffStore>(services);
        Replace<IBroadcastStore, RedisBroadcastStore>(services);
        Replace<IAuditLog, RedisAuditLog>(services);
        Replace<IMemoryStore, RedisMemoryStore>(services);
        Replace<IUsageStore, RedisUsageStore>(services);
        services.AddWebChatTranscriptOptions();
        Replace<IWebChatTranscript, RedisWebChatTranscript>(services);
        foreach (var kind in UploadKind.Keys) // an upload and the worker that reads it may be on different nodes
        {
            services.RemoveAllKeyed<IUploadStore>(kind);
            services.AddKeyedSingleton<IUploadStore>(kind, static (provider, key) => new RedisUploadStore(
                provider.GetRequiredService<RedisConnection>(), provider.GetRequiredService<RedisKeyspace>(),
                UploadKind.Resolve(provider, (string)key!), provider.GetRequiredService<TimeProvider>()));
        }
        services.TryAddSingleton<RedisRateLimiter>();
        services.Replace(ServiceDescriptor.Singleton<IDistributedRateLimiter>(static provider => provider.GetRequiredService<RedisRateLimiter>()));
        services.RemoveAll<ITokenBucketLimiter>();
        services.AddSingleton<ITokenBucketLimiter>(static provider => provider.GetRequiredService<RedisRateLimiter>());

        AddHotQuestionTiers(services);
        AddSignalRBackplane(services);
    }

    /// <summary>The hot-question cache's L2 (<see cref="RedisCache"/>) and backplane, on the shared multiplexer.</summary>
    private static void AddHotQuestionTiers(IServiceCollection services)
    {
        services.AddKeyedSingleton<IDistributedCache>(HotQuestionCache.CacheName, static (provider, _) =>
        {
            var redis = provider.GetRequiredService<RedisConnection>();
            return new UndisposedRedisCache(new RedisCache(Options.Create(new RedisCacheOptions
            {
                ConnectionMultiplexerFactory = redis.GetMultiplexerAsync,
                InstanceName = provider.GetRequiredService<RedisKeyspace>().Prefix,
            })));
        });
        services.AddKeyedSingleton<IFusionCacheBackplane>(HotQuestionCache.CacheName, static (provider, _) =>
        {
            var redis = provider.GetRequiredService<RedisConnection>();
            return new RedisBackplane(new RedisBackplaneOptions { ConnectionMultiplexerFactory = redis.BorrowMultiplexerAsync });
        });
        services.AddOptions<FusionCacheOptions>(HotQuestionCache.CacheName).Configure(
            static options => options.BackplaneChannelPrefix = "hot"); // under the multiplexer's channel prefix
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HotQuestionReconnectGuard>());
    }

    /// <summary>The official SignalR backplane, on the shared multiplexer (whose channel prefix puts its channels under the key prefix).</summary>
    private static void AddSignalRBackplane(IServiceCollection services)
    {
        services.AddSignalR().AddStackExchangeRedis();
        services.AddOptions<SignalRRedisOptions>().Configure<RedisConnection>(
            static (options, redis) => options.ConnectionFactory = _ => redis.BorrowMultiplexerAsync());
    }

    private static void Replace<TService, TImplementation>(IServiceCollection services)
        where TService : class
        where TImplementation : class, TService
    {
        services.RemoveAll<TService>();
        services.AddSingleton<TService, TImplementation>();
    }
}
