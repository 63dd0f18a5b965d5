using ChatHub.Adapters.Discord.Api;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord.Ingress;

/// <summary>
/// The ingress path of a MESSAGE_CREATE: de-duplicate by message id (a resumed session replays what was missed,
/// and may overlap what was handled), map, publish to chat.inbound. If publishing throws, the claim is released so
/// that a retry of the same event is handled, not skipped.
/// </summary>
/// <remarks>
/// A rejected message (empty, over <c>Hub:MaxMessageLength</c>) gets its short explanation as an error reply on
/// chat.outbound, with an id derived from the inbound id, so it goes through egress like every reply and a replay
/// can never produce a second one.
/// </remarks>
internal sealed class DiscordIngress
{
    private readonly DiscordMessageMapper _mapper;
    private readonly IInboundPublisher _publisher;
    private readonly IIdempotencyStore _idempotency;
    private readonly IMessageBus _bus;
    private readonly DiscordBotIdentity _identity;
    private readonly HubOptions _hub;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordIngress> _logger;

    public DiscordIngress(
        DiscordMessageMapper mapper,
        IInboundPublisher publisher,
        IIdempotencyStore idempotency,
        IMessageBus bus,
        DiscordBotIdentity identity,
        IOptions<HubOptions> hub,
        TimeProvider time,
        ILogger<DiscordIngress> logger)
    {
        _mapper = mapper;
        _publisher = publisher;
        _idempotency = idempotency;
        _bus = bus;
        _identity = identity;
        _hub = hub.Value;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<DiscordIngressOutcome> HandleAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = $"discord:{_identity.UserId}:message:{message.Id}";
        if (await _idempotency.IsDuplicateAsync(key, cancellationToken))
        {
            DiscordLog.MessageDuplicate(_logger, message.Id);
            return Count(DiscordIngressOutcome.Duplicate);
        }

        var mapped = _mapper.Map(message, _time.GetUtcNow());
        if (mapped.Message is not { } inbound)
        {
            DiscordLog.MessageIgnored(_logger, message.Id, mapped.IgnoredReason);
            await _idempotency.MarkAcceptedAsync(key, _hub.DeduplicationWindow, _logger);
            return Count(DiscordIngressOutcome.Ignored);
        }

        var result = await _publisher.PublishAsync(inbound, cancellationToken);
        if (result.Outcome == IngressOutcome.Rejected)
        {
            DiscordLog.MessageRejected(_logger, message.Id, result.Reason);
            await _bus.PublishAsync(Topics.Outbound, inbound.Conversation.Key, OutboundMessage.RejectionOf(inbound, result.Reason, _time.GetUtcNow()), cancellationToken);
        }

        await _idempotency.MarkAcceptedAsync(key, _hub.DeduplicationWindow, _logger);
        return Count(result.Outcome switch
        {
            IngressOutcome.Accepted => DiscordIngressOutcome.Accepted,
            IngressOutcome.Duplicate => DiscordIngressOutcome.Duplicate,
            _ => DiscordIngressOutcome.Rejected,
        });
    }

    private static DiscordIngressOutcome Count(DiscordIngressOutcome outcome)
    {
        DiscordMetrics.Messages.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
        return outcome;
    }
}
