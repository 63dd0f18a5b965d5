using ChatHub.Adapters.Telegram.Api;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telegram.Bot.Requests;
using Telegram.Bot.Types;

namespace ChatHub.Adapters.Telegram.Ingress;

/// <summary>
/// The one ingress path for webhook and polling: map, hand the message to <see cref="IInboundPublisher"/> (which
/// de-duplicates it, publishes it to chat.inbound, and answers a rejected one on chat.outbound), answer callback
/// queries. Completes only once the message is accepted by the bus (or is known to need nothing), so the caller may
/// then acknowledge Telegram; if publishing throws, nothing was recorded and Telegram's redelivery is handled. An
/// update that maps to no message is not recorded either: a redelivery is ignored again.
/// </summary>
internal sealed class TelegramIngress
{
    private readonly TelegramUpdateMapper _mapper;
    private readonly IInboundPublisher _publisher;
    private readonly TelegramBotApi _client;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<TelegramIngress> _logger;

    public TelegramIngress(
        TelegramUpdateMapper mapper,
        IInboundPublisher publisher,
        TelegramBotApi client,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<TelegramIngress> logger)
    {
        _mapper = mapper;
        _publisher = publisher;
        _client = client;
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
    }

    public async ValueTask<IngressOutcome> HandleAsync(Update update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        // Not accepted until published: a failure here is Telegram's to redeliver (webhook retry, unconfirmed offset).
        var mapped = _mapper.Map(update, _time.GetUtcNow());
        if (mapped.Message is not { } message)
        {
            if (mapped.Refused)
            {
                TelegramLog.CallbackRefused(_logger, update.Id, mapped.IgnoredReason);
            }
            else
            {
                TelegramLog.UpdateIgnored(_logger, update.Id, mapped.Kind, mapped.IgnoredReason);
            }

            AnswerCallbackQuery(mapped.CallbackQueryId);
            return Count(IngressOutcome.Ignored);
        }

        var result = await _publisher.PublishAsync(message, RejectionReply.OnOutbound, cancellationToken);
        if (result.Outcome == IngressOutcome.Duplicate)
        {
            TelegramLog.UpdateDuplicate(_logger, update.Id); // its button was answered the first time
            return Count(IngressOutcome.Duplicate);
        }

        if (result.Outcome == IngressOutcome.Rejected)
        {
            TelegramLog.UpdateRejected(_logger, update.Id, result.Reason);
        }

        AnswerCallbackQuery(mapped.CallbackQueryId);
        return Count(result.Outcome);
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

    private static IngressOutcome Count(IngressOutcome outcome)
    {
        TelegramMetrics.Updates.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
        return outcome;
    }
}
