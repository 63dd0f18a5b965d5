using ChatHub.Adapters.BotFramework.Api;
using ChatHub.Adapters.BotFramework.Egress;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework.Ingress;

/// <summary>
/// Handles one authenticated activity: maps it, publishes a message to chat.inbound (the publisher de-duplicates
/// on conversation + activity id, so a redelivered activity — Teams retries after about 15 s — is answered once),
/// and queues the welcome message when the bot is added. Completes only once the work is accepted by the bus, so
/// the caller may then answer 200; if publishing throws, nothing is claimed and the channel's redelivery is handled.
/// </summary>
internal sealed class BotFrameworkIngress
{
    private readonly BotFrameworkActivityMapper _mapper;
    private readonly IInboundPublisher _publisher;
    private readonly IIdempotencyStore _idempotency;
    private readonly IMessageBus _bus;
    private readonly BotFrameworkConversations _conversations;
    private readonly ServiceUrlPolicy _serviceUrls;
    private readonly LegacyTeamsIdentities _legacyIdentities;
    private readonly BotFrameworkOptions _options;
    private readonly HubOptions _hub;
    private readonly TimeProvider _time;
    private readonly ILogger<BotFrameworkIngress> _logger;

    public BotFrameworkIngress(
        BotFrameworkActivityMapper mapper,
        IInboundPublisher publisher,
        IIdempotencyStore idempotency,
        IMessageBus bus,
        BotFrameworkConversations conversations,
        ServiceUrlPolicy serviceUrls,
        LegacyTeamsIdentities legacyIdentities,
        IOptions<BotFrameworkOptions> options,
        IOptions<HubOptions> hub,
        TimeProvider time,
        ILogger<BotFrameworkIngress> logger)
    {
        _mapper = mapper;
        _publisher = publisher;
        _idempotency = idempotency;
        _bus = bus;
        _conversations = conversations;
        _serviceUrls = serviceUrls;
        _legacyIdentities = legacyIdentities;
        _options = options.Value;
        _hub = hub.Value;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<(IngressOutcome Outcome, string? Reason)> HandleAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var mapped = _mapper.Map(activity, _time.GetUtcNow());
        var activityId = activity.Id ?? "";
        switch (mapped.Kind)
        {
            case BotFrameworkActivityKind.Invalid:
                return (Count(IngressOutcome.Invalid), mapped.Reason);
            case BotFrameworkActivityKind.Ignored:
                BotFrameworkLog.ActivityIgnored(_logger, activityId, activity.Type, mapped.Reason);
                return (Count(IngressOutcome.Ignored), mapped.Reason);
            case BotFrameworkActivityKind.BotAdded:
                await RememberAsync(mapped.Conversation!, activity, cancellationToken);
                var welcomed = await WelcomeAsync(activity, mapped.Conversation!, cancellationToken);
                return (Count(welcomed, welcomed == IngressOutcome.Accepted ? "welcomed" : null), null);
        }

        var message = mapped.Message!;
        await RememberAsync(message.Conversation, activity, cancellationToken);
        await _legacyIdentities.MigrateAsync(message, activity, cancellationToken);
        var result = await _publisher.PublishAsync(message, RejectionReply.OnOutbound, cancellationToken);
        switch (result.Outcome)
        {
            case IngressOutcome.Duplicate:
                BotFrameworkLog.ActivityDuplicate(_logger, activityId);
                return (Count(IngressOutcome.Duplicate), null);
            case IngressOutcome.Rejected:
                BotFrameworkLog.ActivityNotAccepted(_logger, activityId, result.Reason);
                return (Count(IngressOutcome.Rejected), result.Reason);
            default:
                return (Count(IngressOutcome.Accepted), null);
        }
    }

    /// <summary>
    /// Stores the conversation's serviceUrl with the conversation (the shared store, before the message is published,
    /// so a proactive send from any node finds it), for proactive replies: only from an authenticated activity (this
    /// runs after the token check) and only an allowed one. A serviceUrl the Bot Connector vouched for that is not on
    /// the allow-list is not stored, and replies to it will fail: the operator is told to add it. A store failure
    /// throws: nothing is claimed, the answer is 503 and the channel delivers the activity again.
    /// </summary>
    private async ValueTask RememberAsync(ConversationRef conversation, Activity activity, CancellationToken cancellationToken)
    {
        if (_serviceUrls.Check(activity.ServiceUrl) is { } refused)
        {
            BotFrameworkLog.ServiceUrlNotAllowed(_logger, activity.ServiceUrl, refused);
            return;
        }

        await _conversations.RecordAsync(conversation, activity.ServiceUrl!, activity.Conversation?.ConversationType, cancellationToken);
    }

    /// <summary>Queues the welcome once per conversation and activity (redeliveries are skipped), unless none is configured.</summary>
    private async ValueTask<IngressOutcome> WelcomeAsync(Activity activity, ConversationRef conversation, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_options.WelcomeMessage))
        {
            return IngressOutcome.Ignored;
        }

        var platformId = "welcome:" + (string.IsNullOrEmpty(activity.Id) ? conversation.ChatId : activity.Id);
        var key = $"teams:{conversation.Key}:{platformId}";
        if (await _idempotency.IsDuplicateAsync(key, cancellationToken))
        {
            BotFrameworkLog.ActivityDuplicate(_logger, activity.Id);
            return IngressOutcome.Duplicate;
        }

        var welcome = new OutboundMessage
        {
            Id = MessageIds.ReplyTo(MessageIds.ForInbound(conversation, platformId)),
            Conversation = conversation,
            Kind = OutboundKind.Final,
            Text = _options.WelcomeMessage,
            Source = ReplySource.System,
            CreatedAt = _time.GetUtcNow(),
            Properties = BotFrameworkActivityMapper.Properties(activity, includeActivityId: false),
        };
        await _bus.PublishAsync(Topics.Outbound, conversation.Key, welcome, cancellationToken);
        await _idempotency.MarkAcceptedAsync(key, _hub.DeduplicationWindow, _logger);
        BotFrameworkLog.BotAdded(_logger, conversation.ChatId, activity.ChannelId);
        return IngressOutcome.Accepted; // counted as "welcomed" by the caller
    }

    private static IngressOutcome Count(IngressOutcome outcome, string? label = null)
    {
        BotFrameworkMetrics.Activity(label ?? outcome.ToString().ToLowerInvariant());
        return outcome;
    }
}
