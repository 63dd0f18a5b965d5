using ChatHub.Adapters.Abstractions.Egress;
using ChatHub.Adapters.Abstractions.Formatting;
using ChatHub.Adapters.WhatsApp.Api;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WhatsApp.Egress;

/// <summary>
/// Egress to WhatsApp (channel <c>whatsapp</c>, conversation <c>(whatsapp, phone-number-id, wa_id)</c>). Typing marks
/// the question read and shows "typing…" (one call, best effort: WhatsApp shows it until the reply or 25 s). Partial
/// replies are not shown (WhatsApp cannot edit a message). The final reply is plain text in parts of at most 4,096
/// characters (WhatsApp's body limit), the first quoting the question (<c>context.message_id</c>), each paced and
/// retried by <see cref="WhatsAppDelivery"/>. Outside the 24-hour customer-service window
/// (<see cref="WhatsAppServiceWindow"/>, or WhatsApp's 131047) the configured approved template is sent instead, or
/// the reply is dead-lettered with the reason. Other 4xx are permanent (dead-lettered with WhatsApp's code and text).
/// An answer's suggested replies make its last part a list message (<see cref="WhatsAppSuggestions"/>).
/// </summary>
internal sealed class WhatsAppSender : IChannelSender
{
    /// <summary>WhatsApp's limit on a text message's body, in characters.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>The most an interactive (list) message's body holds.</summary>
    public const int MaxInteractiveBodyLength = 1024;

    private readonly WhatsAppCloudApi _client;
    private readonly WhatsAppDelivery _delivery;
    private readonly WhatsAppReplyTracker _replies;
    private readonly WhatsAppServiceWindow _window;
    private readonly WhatsAppHealth _health;
    private readonly WhatsAppOptions _options;
    private readonly ILogger<WhatsAppSender> _logger;

    public WhatsAppSender(
        WhatsAppCloudApi client,
        WhatsAppDelivery delivery,
        WhatsAppReplyTracker replies,
        WhatsAppServiceWindow window,
        WhatsAppHealth health,
        IOptions<WhatsAppOptions> options,
        ILogger<WhatsAppSender> logger)
    {
        _client = client;
        _delivery = delivery;
        _replies = replies;
        _window = window;
        _health = health;
        _options = options.Value;
        _logger = logger;
    }

    public string Channel => ChannelNames.WhatsApp;

    public async ValueTask<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Conversation.BotId != _options.PhoneNumberId)
        {
            return Failed(message, SendResult.Permanent($"conversation '{message.Conversation.Key}' belongs to another WhatsApp phone number"));
        }

        switch (message.Kind)
        {
            case OutboundKind.Partial:
                return SendResult.Sent; // WhatsApp cannot edit messages: the final carries the whole text
            case OutboundKind.Typing:
                await ShowTypingAsync(message, cancellationToken);
                return SendResult.Sent;
            default:
                return Failed(message, await SendFinalAsync(message, cancellationToken));
        }
    }

    private async ValueTask ShowTypingAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (!_options.TypingIndicator || message.ReplyToPlatformMessageId is not { } question)
        {
            return;
        }

        var result = await _client.MarkReadAsync(question, typing: true, cancellationToken);
        if (result.Error is { } error)
        {
            WhatsAppLog.TypingFailed(_logger, error.Kind, error.Description);
        }
    }

    private async ValueTask<SendResult> SendFinalAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        // An answer's Markdown in WhatsApp's formatting; cut at UTF-16 units, never half a pair, a cut code block reopened.
        // Link buttons have no WhatsApp form that goes with a list or with several links: they follow the text as lines
        // "label: address" (WhatsApp makes the addresses tappable).
        // With suggestions the last part goes as a list message, whose body WhatsApp takes only up to 1,024 characters:
        // the whole answer is then cut at that length (a longer last part would be refused, and the answer lost).
        var written = new WhatsAppTextWriter().Write(FormattedText.Of(message));
        var parts = MarkupSplitter.Split(
            written with { Text = written.Text + LinksText(message.Links) }, message.Suggestions is { Count: > 0 } ? MaxInteractiveBodyLength : MaxTextLength);
        if (parts.Count == 0)
        {
            return SendResult.Permanent("the reply is empty");
        }

        var state = _replies.Get(message.Id);
        if (state.Completed)
        {
            return SendResult.Sent; // delivered before (bus redelivery)
        }

        var to = message.Conversation.ChatId;
        if (state.PartsSent == 0 && !await _window.IsOpenAsync(message, cancellationToken))
        {
            return await SendWindowTemplateAsync(message, state, cancellationToken);
        }

        var rows = message.Suggestions is { Count: > 0 } suggestions ? WhatsAppSuggestions.Rows(suggestions) : null;
        for (var i = state.PartsSent; i < parts.Count; i++)
        {
            var text = parts[i];
            var replyTo = i == 0 ? message.ReplyToPlatformMessageId : null;
            var sent = rows is not null && i == parts.Count - 1
                ? await _delivery.RunAsync("interactive", to, ct => _client.SendListAsync(to, text, WhatsAppSuggestions.ButtonText, rows, replyTo, ct), cancellationToken)
                : await _delivery.RunAsync("text", to, ct => _client.SendTextAsync(to, text, replyTo, ct), cancellationToken);
            if (sent.Error is { } error)
            {
                if (error.Kind == WhatsAppErrorKind.WindowClosed && state.PartsSent == 0)
                {
                    return await SendWindowTemplateAsync(message, state, cancellationToken);
                }

                return Result(error); // progress so far is kept: the bus's retry continues with this part
            }

            state.PartsSent = i + 1;
        }

        _health.ReportSent();
        state.Completed = true;
        return SendResult.Sent;
    }

    private async ValueTask<SendResult> SendWindowTemplateAsync(OutboundMessage message, PartCountReplyState state, CancellationToken cancellationToken)
    {
        var template = _options.WindowTemplate;
        if (string.IsNullOrEmpty(template.Name))
        {
            return SendResult.Permanent(
                "whatsapp: the person's last message is more than 24 hours old (the customer-service window is closed) and no " +
                $"{WhatsAppOptions.SectionName}:WindowTemplate is configured; only an approved template may be sent");
        }

        var to = message.Conversation.ChatId;
        var sent = await _delivery.RunAsync("template", to, ct => _client.SendTemplateAsync(to, template.Name, template.Language, ct), cancellationToken);
        if (sent.Error is { } error)
        {
            return Result(error, $"template '{template.Name}' ");
        }

        WhatsAppLog.WindowTemplateSent(_logger, message.Id, template.Name);
        _health.ReportSent();
        state.Completed = true;
        return SendResult.Sent;
    }

    private SendResult Result(WhatsAppError error, string what = "")
    {
        if (error.Kind == WhatsAppErrorKind.Unauthorized)
        {
            _health.ReportTokenRejected(error.ToString());
            return SendResult.Permanent($"whatsapp {what}{error} (the access token was refused: renew {WhatsAppOptions.SectionName}:AccessToken)");
        }

        return error.IsRetryable ? SendResult.Transient($"whatsapp {what}{error}") : SendResult.Permanent($"whatsapp {what}{error}");
    }

    private SendResult Failed(OutboundMessage message, SendResult result)
    {
        if (result.Status != SendStatus.Sent)
        {
            WhatsAppLog.SendFailed(_logger, message.Id, result.Status, result.Reason);
        }

        return result;
    }

    private static string LinksText(IReadOnlyList<LinkButton>? links) =>
        links is { Count: > 0 } ? "\n\n" + string.Join('\n', links.Select(link => $"{link.Text}: {link.Url}")) : "";
}
