using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;

namespace ChatHub.Adapters.Slack.Ingress;

/// <summary>
/// The one ingress path of the Events API and Socket Mode: map, hand the message to <see cref="IInboundPublisher"/>
/// (which de-duplicates it on conversation + <c>ts</c>, publishes it to chat.inbound, and answers a rejected one on
/// chat.outbound). Completes once the message is accepted by the bus (or needs nothing), never waiting for the
/// answer, so Slack is acknowledged well within its 3 seconds. If publishing throws nothing was recorded, and
/// Slack's retry is handled, not skipped.
/// </summary>
internal sealed class SlackIngress
{
    private readonly SlackEventMapper _mapper;
    private readonly IInboundPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackIngress> _logger;

    public SlackIngress(SlackEventMapper mapper, IInboundPublisher publisher, TimeProvider time, ILogger<SlackIngress> logger)
    {
        _mapper = mapper;
        _publisher = publisher;
        _time = time;
        _logger = logger;
    }

    /// <param name="envelope">An <c>event_callback</c>.</param>
    /// <param name="retryNum">Slack's <c>X-Slack-Retry-Num</c> (Socket Mode: <c>retry_attempt</c>); 0 for a first delivery.</param>
    /// <param name="cancellationToken">The request's (or the connection's) cancellation.</param>
    public async ValueTask<IngressOutcome> HandleAsync(SlackEnvelope envelope, int retryNum, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var mapped = _mapper.Map(envelope, _time.GetUtcNow());
        if (mapped.Message is not { } message)
        {
            SlackLog.EventIgnored(_logger, envelope.EventId, mapped.IgnoredReason);
            return Count(IngressOutcome.Ignored);
        }

        return await PublishAsync(message, envelope.EventId, retryNum, cancellationToken);
    }

    /// <summary>A button press (<c>block_actions</c>): mapped and published like a message; a forged one refused with a warning.</summary>
    public async ValueTask<IngressOutcome> HandlePressAsync(SlackBlockAction press, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(press);
        var mapped = _mapper.MapPress(press, _time.GetUtcNow());
        if (mapped.Message is not { } message)
        {
            if (mapped.Refused)
            {
                SlackLog.PressRefused(_logger, press.ActionTs ?? "", mapped.IgnoredReason ?? "");
                return Count(IngressOutcome.Rejected);
            }

            SlackLog.EventIgnored(_logger, press.ActionTs ?? "", mapped.IgnoredReason);
            return Count(IngressOutcome.Ignored);
        }

        return await PublishAsync(message, press.ActionTs ?? "", retryNum: 0, cancellationToken);
    }

    /// <summary>Hands a mapped message to the publisher; <paramref name="id"/> (event id or action ts) names it in logs.</summary>
    private async ValueTask<IngressOutcome> PublishAsync(InboundMessage message, string? id, int retryNum, CancellationToken cancellationToken)
    {
        var result = await _publisher.PublishAsync(message, RejectionReply.OnOutbound, cancellationToken);
        switch (result.Outcome)
        {
            case IngressOutcome.Duplicate:
                SlackLog.EventDuplicate(_logger, id, retryNum);
                return Count(IngressOutcome.Duplicate);
            case IngressOutcome.Rejected:
                SlackLog.EventRejected(_logger, id, result.Reason);
                return Count(IngressOutcome.Rejected);
            default:
                return Count(IngressOutcome.Accepted);
        }
    }

    private static IngressOutcome Count(IngressOutcome outcome)
    {
        SlackMetrics.Events.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
        return outcome;
    }
}
