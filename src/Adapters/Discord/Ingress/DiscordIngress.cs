using ChatHub.Adapters.Discord.Api;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;

namespace ChatHub.Adapters.Discord.Ingress;

/// <summary>
/// The ingress path of a MESSAGE_CREATE: map, hand the message to <see cref="IInboundPublisher"/>, which
/// de-duplicates it by its message id (a resumed session replays what was missed, and may overlap what was handled),
/// publishes it to chat.inbound and answers a rejected one on chat.outbound. If publishing throws, nothing was
/// recorded, so a retry of the same event is handled, not skipped; a message that maps to nothing is ignored again.
/// </summary>
internal sealed class DiscordIngress
{
    private readonly DiscordMessageMapper _mapper;
    private readonly IInboundPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordIngress> _logger;

    public DiscordIngress(DiscordMessageMapper mapper, IInboundPublisher publisher, TimeProvider time, ILogger<DiscordIngress> logger)
    {
        _mapper = mapper;
        _publisher = publisher;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<DiscordIngressOutcome> HandleAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mapped = _mapper.Map(message, _time.GetUtcNow());
        if (mapped.Message is not { } inbound)
        {
            DiscordLog.MessageIgnored(_logger, message.Id, mapped.IgnoredReason);
            return Count(DiscordIngressOutcome.Ignored);
        }

        var result = await _publisher.PublishAsync(inbound, RejectionReply.OnOutbound, cancellationToken);
        switch (result.Outcome)
        {
            case IngressOutcome.Duplicate:
                DiscordLog.MessageDuplicate(_logger, message.Id);
                return Count(DiscordIngressOutcome.Duplicate);
            case IngressOutcome.Rejected:
                DiscordLog.MessageRejected(_logger, message.Id, result.Reason);
                return Count(DiscordIngressOutcome.Rejected);
            default:
                return Count(DiscordIngressOutcome.Accepted);
        }
    }

    private static DiscordIngressOutcome Count(DiscordIngressOutcome outcome)
    {
        DiscordMetrics.Messages.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
        return outcome;
    }
}
