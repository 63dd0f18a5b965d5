using ChatHub.Adapters.Discord.Api;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;

namespace ChatHub.Adapters.Discord.Ingress;

/// <summary>
/// The ingress path of a MESSAGE_CREATE (and of a button press, see <see cref="Press"/>): map, hand the message to <see cref="IInboundPublisher"/>, which
/// de-duplicates it by its message id (a resumed session replays what was missed, and may overlap what was handled),
/// publishes it to chat.inbound and answers a rejected one on chat.outbound. If publishing throws, nothing was
/// recorded, so a retry of the same event is handled, not skipped; a message that maps to nothing is ignored again.
/// </summary>
internal sealed class DiscordIngress
{
    private readonly DiscordMessageMapper _mapper;
    private readonly IInboundPublisher _publisher;
    private readonly DiscordRestClient _rest;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordIngress> _logger;

    public DiscordIngress(
        DiscordMessageMapper mapper,
        IInboundPublisher publisher,
        DiscordRestClient rest,
        TimeProvider time,
        ILogger<DiscordIngress> logger)
    {
        _mapper = mapper;
        _publisher = publisher;
        _rest = rest;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<IngressOutcome> HandleAsync(DiscordMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mapped = _mapper.Map(message, _time.GetUtcNow());
        if (mapped.Message is not { } inbound)
        {
            DiscordLog.MessageIgnored(_logger, message.Id, mapped.IgnoredReason);
            return Count(IngressOutcome.Ignored);
        }

        return await PublishAsync(inbound, cancellationToken);
    }

    /// <summary>
    /// A button press (INTERACTION_CREATE), on the gateway's receive loop: mapped at once and answered in the
    /// background (Discord wants an answer within 3 s, whatever the queue in front of the bus holds), refused presses
    /// too, so the person's client stops waiting. The person's message, or null when there is nothing to ask.
    /// </summary>
    public InboundMessage? Press(DiscordInteraction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var mapped = _mapper.MapPress(interaction, _time.GetUtcNow());
        if (mapped.Message is null)
        {
            if (mapped.Refused)
            {
                DiscordLog.PressRefused(_logger, interaction.Id, mapped.IgnoredReason ?? "");
            }
            else
            {
                DiscordLog.InteractionIgnored(_logger, interaction.Id, mapped.IgnoredReason ?? "");
            }

            Count(mapped.Refused ? IngressOutcome.Rejected : IngressOutcome.Ignored);
        }

        if (interaction.Type == DiscordInteraction.MessageComponentType)
        {
            _ = AnswerAsync(interaction, cancellationToken);
        }

        return mapped.Message;
    }

    /// <summary>Hands a mapped message to the publisher (de-duplicated by its id; a rejected one is answered on chat.outbound).</summary>
    public async ValueTask<IngressOutcome> PublishAsync(InboundMessage inbound, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var result = await _publisher.PublishAsync(inbound, RejectionReply.OnOutbound, cancellationToken);
        switch (result.Outcome)
        {
            case IngressOutcome.Duplicate:
                DiscordLog.MessageDuplicate(_logger, inbound.PlatformMessageId);
                return Count(IngressOutcome.Duplicate);
            case IngressOutcome.Rejected:
                DiscordLog.MessageRejected(_logger, inbound.PlatformMessageId, result.Reason);
                return Count(IngressOutcome.Rejected);
            default:
                return Count(IngressOutcome.Accepted);
        }
    }

    /// <summary>DEFERRED_UPDATE_MESSAGE: received; the message and its buttons stay as they are.</summary>
    private async Task AnswerAsync(DiscordInteraction interaction, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _rest.CreateInteractionResponseAsync(
                interaction.Id, interaction.Token, new InteractionResponse { Type = InteractionResponse.DeferredUpdateMessage }, cancellationToken);
            if (result.Error is { } error)
            {
                DiscordLog.InteractionAnswerFailed(_logger, interaction.Id, error.Kind, error.Description);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private static IngressOutcome Count(IngressOutcome outcome)
    {
        DiscordMetrics.Messages.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
        return outcome;
    }
}
