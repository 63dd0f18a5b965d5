using ChatHub.Adapters.Telegram.BotApi;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram.Ingress;

/// <summary>
/// The one ingress path for webhook and polling: de-duplicate by update_id (Telegram redelivers), map, publish to
/// chat.inbound, answer callback queries. Completes only once the message is accepted by the bus (or is known to
/// need nothing), so the caller may then acknowledge Telegram; if publishing throws, the update_id claim is
/// released so that Telegram's redelivery is handled.
/// </summary>
/// <remarks>
/// A rejected message (empty, over <c>Hub:MaxMessageLength</c>) gets its short explanation as an error reply on
/// chat.outbound rather than a direct Bot API call: it then goes through egress like every reply (rate limits,
/// retries, dead-lettering, an egress-only node in split deployments), and its id is derived from the inbound id,
/// so a redelivery can never produce a second one.
/// </remarks>
internal sealed class TelegramIngress
{
    private readonly TelegramUpdateMapper _mapper;
    private readonly IInboundPublisher _publisher;
    private readonly IIdempotencyStore _idempotency;
    private readonly IMessageBus _bus;
    private readonly TelegramBotApi _client;
    private readonly TelegramBotIdentity _identity;
    private readonly HubOptions _hub;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<TelegramIngress> _logger;

    public TelegramIngress(
        TelegramUpdateMapper mapper,
        IInboundPublisher publisher,
        IIdempotencyStore idempotency,
        IMessageBus bus,
        TelegramBotApi client,
        TelegramBotIdentity identity,
        IOptions<HubOptions> hub,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<TelegramIngress> logger)
    {
        _mapper = mapper;
        _publisher = publisher;
        _idempotency = idempotency;
        _bus = bus;
        _client = client;
        _identity = identity;
        _hub = hub.Value;
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
    }

    public async ValueTask<TelegramIngressOutcome> HandleAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var key = $"telegram:{_identity.BotId}:update:{update.Id}";
        if (await _idempotency.IsDuplicateAsync(key, cancellationToken))
        {
            TelegramLog.UpdateDuplicate(_logger, update.Id);
            return Count(TelegramIngressOutcome.Duplicate);
        }

        // Not accepted until published: a failure here is Telegram's to redeliver (webhook retry, unconfirmed offset).
        var mapped = _mapper.Map(update, _time.GetUtcNow());
        if (mapped.Message is not { } message)
        {
            TelegramLog.UpdateIgnored(_logger, update.Id, mapped.Kind, mapped.IgnoredReason);
            await _idempotency.MarkAcceptedAsync(key, _hub.DeduplicationWindow, _logger);
            AnswerCallbackQuery(mapped.CallbackQueryId);
            return Count(TelegramIngressOutcome.Ignored);
        }

        var result = await _publisher.PublishAsync(message, cancellationToken);
        if (result.Outcome == IngressOutcome.Rejected)
        {
            TelegramLog.UpdateRejected(_logger, update.Id, result.Reason);
            await _bus.PublishAsync(Topics.Outbound, message.Conversation.Key, OutboundMessage.RejectionOf(message, result.Reason, _time.GetUtcNow()), cancellationToken);
        }

        await _idempotency.MarkAcceptedAsync(key, _hub.DeduplicationWindow, _logger);
        AnswerCallbackQuery(mapped.CallbackQueryId);
        return Count(result.Outcome switch
        {
            IngressOutcome.Accepted => TelegramIngressOutcome.Accepted,
            IngressOutcome.Duplicate => TelegramIngressOutcome.Duplicate,
            _ => TelegramIngressOutcome.Rejected,
        });
    }

    /// <summary>Stops the button's spinner, in the background: the webhook's answer does not wait for it.</summary>
    private void AnswerCallbackQuery(string? callbackQueryId)
    {
        if (callbackQueryId is not null)
        {
            _ = AnswerCallbackQueryAsync(callbackQueryId);
        }
    }

    private async Task AnswerCallbackQueryAsync(string callbackQueryId)
    {
        try
        {
            var result = await _client.AnswerCallbackQueryAsync(
                new AnswerCallbackQueryRequest { CallbackQueryId = callbackQueryId }, _lifetime.ApplicationStopping);
            if (result.Error is { } error)
            {
                TelegramLog.CallbackAnswerFailed(_logger, error.Kind, error.Description);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private static TelegramIngressOutcome Count(TelegramIngressOutcome outcome)
    {
        TelegramMetrics.Updates.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
        return outcome;
    }
}
