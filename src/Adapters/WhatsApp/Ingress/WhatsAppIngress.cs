using ChatHub.Adapters.WhatsApp.Api;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WhatsApp.Ingress;

/// <summary>
/// Handles one verified notification: each text message of this phone number is mapped to an
/// <see cref="InboundMessage"/> in the conversation <c>("whatsapp", phone-number-id, wa_id)</c> and handed to
/// <see cref="IInboundPublisher"/> (which de-duplicates redeliveries by the message id, publishes, and answers a
/// rejected one); statuses and errors are counted and logged. Completes only once every message is accepted, so the
/// webhook may then answer 200; when publishing throws, WhatsApp's redelivery is handled (the published ones are
/// duplicates then).
/// </summary>
internal sealed class WhatsAppIngress
{
    private readonly IInboundPublisher _publisher;
    private readonly WhatsAppOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WhatsAppIngress> _logger;

    public WhatsAppIngress(IInboundPublisher publisher, IOptions<WhatsAppOptions> options, TimeProvider time, ILogger<WhatsAppIngress> logger)
    {
        _publisher = publisher;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public async ValueTask HandleAsync(WebhookNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        foreach (var change in notification.Changes)
        {
            if (change.Field != "messages")
            {
                WhatsAppLog.ChangeIgnored(_logger, change.Field);
                WhatsAppMetrics.Notification("change", "ignored");
                continue;
            }

            if (change.PhoneNumberId != _options.PhoneNumberId)
            {
                WhatsAppLog.OtherPhoneNumber(_logger, change.PhoneNumberId, _options.PhoneNumberId!);
                WhatsAppMetrics.Notification("change", "other_number");
                continue;
            }

            foreach (var message in change.Messages)
            {
                var outcome = await HandleMessageAsync(change, message, cancellationToken);
                WhatsAppMetrics.Notification("message", outcome.ToString());
            }

            foreach (var status in change.Statuses)
            {
                Status(status);
            }

            foreach (var error in change.Errors)
            {
                WhatsAppLog.PlatformError(_logger, error.Code ?? 0, error.Describe());
                WhatsAppMetrics.Notification("error", (error.Code ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    private async ValueTask<IngressOutcome> HandleMessageAsync(WebhookChange change, WebhookMessage message, CancellationToken cancellationToken)
    {
        if (message.GroupId is not null)
        {
            WhatsAppLog.MessageIgnored(_logger, message.Id, message.Type, "group messages are not answered");
            return IngressOutcome.Ignored;
        }

        if (message.Text is null)
        {
            // Images, voice notes, locations, reactions, …: the rich-messages work reads them; until then no reply.
            WhatsAppLog.MessageIgnored(_logger, message.Id, message.Type, "not a text message");
            return IngressOutcome.Ignored;
        }

        var now = _time.GetUtcNow();
        if (message.Timestamp is { } seconds && now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799)) is var age && age > _options.MaxMessageAge)
        {
            WhatsAppLog.MessageTooOld(_logger, message.Id, age, _options.MaxMessageAge);
            return IngressOutcome.Ignored;
        }

        var conversation = new ConversationRef(ChannelNames.WhatsApp, change.PhoneNumberId!, message.From);
        var inbound = new InboundMessage
        {
            Id = MessageIds.ForInbound(conversation, message.Id),
            PlatformMessageId = message.Id,
            Conversation = conversation,
            From = new Sender(message.From, change.Contacts.FirstOrDefault(c => c.WaId == message.From)?.Name),
            Text = message.Text,
            ReceivedAt = now,
            ReplyToPlatformMessageId = message.ContextId,
            IsDirect = true,
        };
        var result = await _publisher.PublishAsync(inbound, RejectionReply.OnOutbound, cancellationToken);
        switch (result.Outcome)
        {
            case IngressOutcome.Duplicate:
                WhatsAppLog.MessageDuplicate(_logger, message.Id);
                return IngressOutcome.Duplicate;
            case IngressOutcome.Rejected:
                WhatsAppLog.MessageRejected(_logger, message.Id, result.Reason);
                return IngressOutcome.Rejected;
            default:
                return IngressOutcome.Accepted;
        }
    }

    private void Status(WebhookStatus status)
    {
        var known = status.Status is "sent" or "delivered" or "read" or "failed" or "deleted" or "warning" ? status.Status : "other";
        WhatsAppMetrics.Statuses.Add(1, new KeyValuePair<string, object?>("status", known));
        if (status.Status == "failed")
        {
            var error = status.Errors.Count > 0 ? status.Errors[0] : null;
            WhatsAppLog.DeliveryFailed(_logger, status.Id, error?.Code ?? 0, error?.Describe() ?? "no reason given");
            return;
        }

        WhatsAppLog.StatusReported(_logger, status.Id, status.Status);
    }
}
