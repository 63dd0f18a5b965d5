using ChatHub.Adapters.WebChat;
using ChatHub.Conversation.WebChat;
using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Counters;
using ChatHub.Conversation.Broadcasts;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Memory;
using ChatHub.Conversation.Usage;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Sqlite.Bus;
using ChatHub.Sqlite.Database;
using ChatHub.Sqlite.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite;

public static class SqliteServiceCollectionExtensions
{
    /// <summary>
    /// The durable embedded default, unless <c>Storage:Provider=memory</c>: every store (identity map, routing table,
    /// sessions and their summaries, idempotency keys, counters, link codes, hand-offs, audit log, memory, web-chat transcript) in one SQLite file under
    /// <c>Storage:Path</c>, the in-process bus behind a durable inbox, the web-chat token key kept there, and the
    /// expiry sweep. The file is opened the first time something needs it. Call after <c>AddConversation</c> and
    /// <c>AddWebChat</c>. With <c>ConnectionStrings:Redis</c> the stores are Redis's (<c>AddRedis</c>, before or after
    /// this) and only the inbox is kept in the file; with Kafka the bus is Kafka's, durable by itself.
    /// </summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .Validate(o => o.IsSqlite || string.Equals(o.Provider, StorageProviders.Memory, StringComparison.OrdinalIgnoreCase),
                "Storage:Provider must be 'sqlite' (the default: kept in a file) or 'memory' (kept nowhere).")
            .Validate(o => Enum.IsDefined(o.Durability), "Storage:Durability must be Full, Normal or Off.")
            .Validate(o => o.MaxBatchSize is >= 1 and <= 100_000, "Storage:MaxBatchSize must be between 1 and 100000.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero, "Storage:SweepInterval must be positive.")
            .ValidateOnStart();
        var provider = configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.Provider)}"];
        if (!string.IsNullOrEmpty(provider) && !string.Equals(provider, StorageProviders.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            return services; // memory (or a bad value, which the validation above reports at start)
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteDatabaseHolder>();
        services.TryAddSingleton(static sp => sp.GetRequiredService<SqliteDatabaseHolder>().Database);
        services.TryAddSingleton(BusPayloadSerializer.Default);

        AddDurableInbox(services);
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis")))
        {
            // Redis takes the stores (AddRedis, whichever order the two are called in); the inbox stays in the file.
            // Nodes on Redis share a configured web-chat token key instead of one kept here.
            return services;
        }

        Replace<IIdentityMap, SqliteIdentityMap>(services);
        Replace<IRoutingTable, SqliteRoutingTable>(services);
        Replace<IConversationReferenceStore, SqliteConversationReferenceStore>(services);
        Replace<ISessionStore, SqliteSessionStore>(services);
        Replace<ISummaryStore, SqliteSummaryStore>(services);
        Replace<IIdempotencyStore, SqliteIdempotencyStore>(services);
        Replace<ICounterStore, SqliteCounterStore>(services);
        Replace<ILinkCodeStore, SqliteLinkCodeStore>(services);
        Replace<IHandoffStore, SqliteHandoffStore>(services);
        Replace<IBroadcastStore, SqliteBroadcastStore>(services);
        Replace<IAuditLog, SqliteAuditLog>(services);
        Replace<IMemoryStore, SqliteMemoryStore>(services);
        Replace<IUsageStore, SqliteUsageStore>(services);
        Replace<IWebChatTranscript, SqliteWebChatTranscript>(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<WebChatOptions>, StoredWebChatTokenKey>());

        services.AddHostedService<ExpirySweeper>();
        return services;
    }

    /// <summary>
    /// Wraps whatever bus was chosen before (the in-process one, or Kafka when configured) so that the in-process one
    /// gets the durable inbox; Kafka is left as it is.
    /// </summary>
    private static void AddDurableInbox(IServiceCollection services)
    {
        var chosen = services.LastOrDefault(static d => d.ServiceType == typeof(IMessageBus));
        if (chosen is null)
        {
            return;
        }

        services.Replace(ServiceDescriptor.Singleton<IMessageBus>(sp => Create(chosen, sp) switch
        {
            InProcessMessageBus inner => ActivatorUtilities.CreateInstance<DurableMessageBus>(sp, inner),
            var other => other,
        }));
        services.AddOptions<HubOptions>().Validate<IMessageBus, HubRoles>(
            static (_, bus, roles) => bus is not DurableMessageBus || roles.Roles == HubRole.All,
            "Hub:Roles runs only some roles, but no distributed bus is configured: with the in-process bus every role must run in the one process. Set Hub:Roles=all, or configure Kafka:BootstrapServers.");
    }

    private static IMessageBus Create(ServiceDescriptor descriptor, IServiceProvider provider) =>
        (IMessageBus)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));

    private static void Replace<TService, TImplementation>(IServiceCollection services)
        where TService : class
        where TImplementation : class, TService
    {
        services.RemoveAll<TService>();
        services.AddSingleton<TService, TImplementation>();
    }
}
