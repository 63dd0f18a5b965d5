using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Broadcasts;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Commands;
using ChatHub.Conversation.Counters;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Memory;
using ChatHub.Conversation.Moderation;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.RateLimiting;
using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Uploads;
using ChatHub.Conversation.Usage;
using ChatHub.Conversation.Users;
using ChatHub.Conversation.Voice;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation;

public static class ConversationServiceCollectionExtensions
{
    /// <summary>
    /// The unified pipeline on the embedded backends: in-process bus, in-memory identity map, routing table,
    /// session store and idempotency keys (each replaceable: registered with TryAdd), the commands, and the
    /// hosted services of the roles named in <c>Hub:Roles</c>.
    /// </summary>
    public static ConversationBuilder AddConversation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // Invalid roles fall back to all here; the options validator then stops the host with the message.
        var roles = HubRoles.TryParse(configuration[$"{HubOptions.SectionName}:Roles"], out var parsed, out _) ? parsed : HubRole.All;
        var hubRoles = new HubRoles(roles);
        services.AddSingleton(hubRoles);

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<HubOptions>().BindConfiguration(HubOptions.SectionName).ValidateDataAnnotations()
            .Validate<IMessageBus>(
                (options, bus) => bus is not InProcessMessageBus || hubRoles.Roles == HubRole.All,
                "Hub:Roles runs only some roles, but no distributed bus is configured: with the in-process bus every role must run in the one process. Set Hub:Roles=all, or configure Kafka:BootstrapServers.")
            .Validate(options => !options.SynchronousIngress || hubRoles.Roles == HubRole.All,
                "Hub:SynchronousIngress (a benchmark baseline) needs every role in one process.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HubOptions>, HubOptionsValidator>());
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.Ttl > TimeSpan.Zero, "Sessions:Ttl must be positive.").ValidateOnStart();
        services.AddOptions<InProcessBusOptions>().BindConfiguration(InProcessBusOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.DrainTimeout >= TimeSpan.Zero, "Bus:InProcess:DrainTimeout must not be negative.").ValidateOnStart();

        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName)
            .Validate(o => o.Identities > TimeSpan.Zero && o.WebChatIdentities > TimeSpan.Zero && o.Audit > TimeSpan.Zero && o.Memories > TimeSpan.Zero,
                "Retention:Identities, Retention:WebChatIdentities, Retention:Audit and Retention:Memories must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton<IMessageBus, InProcessMessageBus>();
        services.TryAddSingleton<IIdentityMap, InMemoryIdentityMap>();
        services.TryAddSingleton<IRoutingTable, InMemoryRoutingTable>();
        services.TryAddSingleton<IConversationReferenceStore, InMemoryConversationReferenceStore>();
        services.TryAddSingleton<ISessionStore, InMemorySessionStore>();
        services.TryAddSingleton<ISummaryStore, InMemorySummaryStore>();
        services.TryAddSingleton<SessionSummarizer>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IUserDataEraser, SummaryEraser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IUserDataMerger, SummaryMerger>());
        services.TryAddSingleton<IIdempotencyStore, InMemoryIdempotencyStore>();
        services.TryAddSingleton<ICounterStore, InMemoryCounterStore>();
        services.TryAddSingleton<ILinkCodeStore, InMemoryLinkCodeStore>();
        services.TryAddSingleton<IAuditLog, InMemoryAuditLog>();
        services.AddOptions<LinkOptions>().BindConfiguration(LinkOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.CodeTtl > TimeSpan.Zero && o.LockoutDuration > TimeSpan.Zero, "Linking:CodeTtl and Linking:LockoutDuration must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<LinkService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IUserDataEraser, LinkingUserDataEraser>());
        services.TryAddSingleton<ITokenBucketLimiter, InMemoryTokenBucketLimiter>();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.PerUserRefill > TimeSpan.Zero && o.PerConversationRefill > TimeSpan.Zero && o.PerClientAddressRefill > TimeSpan.Zero
                    && o.NoticeWindow > TimeSpan.Zero,
                "RateLimits:PerUserRefill, PerConversationRefill, PerClientAddressRefill and NoticeWindow must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<MessageRateLimiter>();
        services.AddOptions<ModerationOptions>().BindConfiguration(ModerationOptions.SectionName)
            .Validate(o => !o.Enabled || File.Exists(o.ResolvePath()), "Moderation:WordListPath does not exist (set Moderation:Enabled=false to run without a word list).")
            .ValidateOnStart();
        services.TryAddSingleton<WordListMonitor>();
        services.TryAddSingleton<ModerationService>();
        services.TryAddSingleton<UserAdministration>();
        AddImages(services);
        AddVoice(services);

        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandHandler, HelpCommand>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandHandler, ResetCommand>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandHandler, StartCommand>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandHandler, LinkCommand>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandHandler, UnlinkCommand>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandHandler, WhoAmICommand>());
        services.TryAddSingleton<CommandRegistry>();
        AddHandoff(services, configuration);
        AddBroadcasts(services, hubRoles);
        AddMemory(services);
        AddUsage(services, hubRoles);

        services.TryAddSingleton<ReplyWaiters>();
        services.TryAddSingleton<IInboundPublisher, InboundPublisher>();
        services.TryAddSingleton<MessageProcessor>();
        services.TryAddSingleton<EgressDispatcher>();
        services.TryAddSingleton<TransientFailures>();
        services.TryAddSingleton<ProcessingLedger>();
        services.TryAddSingleton<PipelineHealth>();
        services.TryAddSingleton<DeadLetterMonitor>();

        if (hubRoles.Has(HubRole.Worker))
        {
            services.AddHostedService<WorkerService>();
            services.AddHostedService(sp => sp.GetRequiredService<SessionSummarizer>()); // folds old turns in the background
        }

        if (hubRoles.Has(HubRole.Egress))
        {
            services.AddHostedService<EgressService>();
            services.AddHostedService(sp => sp.GetRequiredService<DeadLetterMonitor>());
        }

        services.AddHealthChecks().AddCheck<PipelineHealth>("pipeline", tags: ["ready"]);
        return new ConversationBuilder(services, configuration, hubRoles);
    }

    /// <summary>
    /// Broadcasts (<see cref="BroadcastOptions"/>): the service behind the admin API, <c>/stop</c> (and <c>/start</c>'s
    /// opt-in), the egress observer that tracks deliveries, erasure and linking plug-ins, and the sender on worker nodes;
    /// broadcasts in memory unless a shared store replaces <see cref="IBroadcastStore"/>.
    /// </summary>
    private static void AddBroadcasts(IServiceCollection services, HubRoles roles)
    {
        services.AddOptions<BroadcastOptions>().BindConfiguration(BroadcastOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.LeaseDuration >= 2 * o.PollInterval,
                "Broadcasts:PollInterval must be positive and Broadcasts:LeaseDuration at least twice as long.")
            .Validate(o => o.Templates.All(t => !string.IsNullOrWhiteSpace(t.Value)), "Broadcasts:Templates must not hold empty texts.")
            .ValidateOnStart();
        services.TryAddSingleton<IBroadcastStore, InMemoryBroadcastStore>();
        services.TryAddSingleton<BroadcastService>();
        services.TryAddSingleton<BroadcastAudienceCollector>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEgressObserver, BroadcastEgressObserver>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IUserDataEraser, BroadcastEraser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IUserDataMerger, BroadcastPreferenceMerger>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandHandler, StopCommand>());
        if (roles.Has(HubRole.Worker))
        {
            services.AddHostedService<BroadcastSender>();
        }
    }

    /// <summary>
    /// Usage per person, platform and bot (<see cref="UsageOptions"/>) and the per-person model budgets
    /// (<see cref="BudgetOptions"/>): counted by the worker, written in batches by <see cref="UsageRecorder"/> (a hosted
    /// service on worker nodes), kept in memory unless a shared store replaces <see cref="IUsageStore"/>.
    /// </summary>
    private static void AddUsage(IServiceCollection services, HubRoles roles)
    {
        services.AddOptions<UsageOptions>().BindConfiguration(UsageOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.Retention >= TimeSpan.FromDays(32) && o.FlushInterval > TimeSpan.Zero,
                "Usage:Retention must be at least 32 days (a monthly budget reads the whole month) and Usage:FlushInterval positive.")
            .ValidateOnStart();
        services.AddOptions<BudgetOptions>().BindConfiguration(BudgetOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BudgetOptions>, BudgetOptionsValidator>());
        services.TryAddSingleton<IUsageStore, InMemoryUsageStore>();
        services.TryAddSingleton<UsageRecorder>();
        services.TryAddSingleton<UsageBudget>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IUserDataEraser, UsageEraser>());
        if (roles.Has(HubRole.Worker))
        {
            services.AddHostedService(sp => sp.GetRequiredService<UsageRecorder>()); // writes the counts in batches
        }
    }

    /// <summary>
    /// Long-term memory per person (<see cref="MemoryOptions"/>, <c>Retention:Memories</c>): the service the worker and the
    /// model's <c>remember</c> tool use, <c>/memory</c>, <c>/forget</c>, <c>/remember</c>, erasure and linking plug-ins;
    /// kept in memory unless a shared store replaces <see cref="IMemoryStore"/>.
    /// </summary>
    private static void AddMemory(IServiceCollection services)
    {
        services.AddOptions<MemoryOptions>().BindConfiguration(MemoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IMemoryStore, InMemoryMemoryStore>();
        services.TryAddSingleton<MemoryService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IUserDataEraser, MemoryEraser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IUserDataMerger, MemoryMerger>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandHandler, MemoryCommand>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandHandler, ForgetCommand>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandHandler, RememberCommand>());
    }

    /// <summary>
    /// Hand-off to a human (<see cref="HandoffOptions"/>): <c>/human</c> always (it says so when no operators' chat is
    /// configured), <c>/reply</c> and <c>/done</c> only with an operators' chat (not with the admin API as the operators'
    /// channel: <see cref="HandoffAdministration"/>); hand-offs in memory unless a shared
    /// store replaces <see cref="IHandoffStore"/>.
    /// </summary>
    private static void AddHandoff(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HandoffOptions>().BindConfiguration(HandoffOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HandoffOptions>, HandoffOptionsValidator>());
        services.TryAddSingleton<IHandoffStore, InMemoryHandoffStore>();
        services.TryAddSingleton<HandoffService>();
        services.TryAddSingleton<HandoffAdministration>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IUserDataEraser, HandoffEraser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandHandler, HumanCommand>());
        var chat = configuration.GetSection($"{HandoffOptions.SectionName}:Operator");
        if ((!string.IsNullOrWhiteSpace(chat["Channel"]) || !string.IsNullOrWhiteSpace(chat["ChatId"]))
            && chat["Channel"] != HandoffOperatorOptions.AdminChannel)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandHandler, ReplyCommand>());
            services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommandHandler, DoneCommand>());
        }
    }

    /// <summary>Images people send: limits, the resolver the worker uses, the upload store (web chat) and its eraser.</summary>
    private static void AddImages(IServiceCollection services)
    {
        services.AddOptions<ImageOptions>().BindConfiguration(ImageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IModelImageSupport, NoModelImageSupport>();
        services.TryAddSingleton<ImageResolver>();
        AddUploads(services, UploadKind.Images);
    }

    /// <summary>
    /// Voice messages: limits, the web chat's upload store and its eraser, the transcriber the worker uses (it transcribes only when a speech backend registers an
    /// <c>ISpeechToTextClient</c>; the hub does, from <c>Inference:Speech</c>), and the spoken replies (only where one registers an <c>ITextToSpeechClient</c>).
    /// </summary>
    private static void AddVoice(IServiceCollection services)
    {
        services.AddOptions<VoiceOptions>().BindConfiguration(VoiceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VoiceOptions>, VoiceOptionsValidator>());
        services.TryAddSingleton<VoiceTranscriber>();
        services.TryAddSingleton<SpokenReplies>();
        AddUploads(services, UploadKind.Voice);
    }

    /// <summary>The web chat's uploads of one kind in this process's memory (a keyed <see cref="IUploadStore"/>), erased with the person.</summary>
    private static void AddUploads(IServiceCollection services, string kind)
    {
        services.TryAddKeyedSingleton<IUploadStore>(kind, static (provider, key) =>
            new InMemoryUploadStore(UploadKind.Resolve(provider, (string)key!), provider.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IUserDataEraser, UploadEraser>());
    }
}
