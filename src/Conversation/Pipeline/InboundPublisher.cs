using System.Diagnostics;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Pipeline;

/// <inheritdoc />
public sealed partial class InboundPublisher : IInboundPublisher
{
    private readonly IMessageBus _bus;
    private readonly IIdempotencyStore _idempotency;
    private readonly ReplyWaiters _waiters;
    private readonly HubOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InboundPublisher> _logger;

    public InboundPublisher(
        IMessageBus bus, IIdempotencyStore idempotency, ReplyWaiters waiters, IOptions<HubOptions> options, TimeProvider time, ILogger<InboundPublisher> logger)
    {
        _bus = bus;
        _idempotency = idempotency;
        _waiters = waiters;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<IngressResult> PublishAsync(InboundMessage message, RejectionReply rejection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var started = _time.GetTimestamp();
        var channel = message.Conversation.Channel;
        using var activity = ChatHubTelemetry.ActivitySource.StartActivity("chathub.ingress", ActivityKind.Producer);
        activity?.SetTag("chathub.channel", channel);
        activity?.SetTag("chathub.message_id", message.Id);

        var clean = TextSanitizer.Clean(message.Text);
        if (!ReferenceEquals(clean, message.Text))
        {
            message = message with { Text = clean };
        }

        var reason = Validate(message.Text, message.Images is { Count: > 0 } || message.Voice is not null);
        if (reason is not null && rejection == RejectionReply.ToCaller)
        {
            // Not recorded: the caller answers it, and a retry under the same id is judged (and answered) again.
            Count(channel, "rejected");
            LogRejected(_logger, channel, message.Id, reason);
            return IngressResult.Rejected(reason);
        }

        // The one de-duplication key of the delivery: a platform's redelivery of the same message finds it.
        var key = $"ingress:{message.Conversation.Key}:{message.PlatformMessageId}";
        if (await _idempotency.IsDuplicateAsync(key, cancellationToken))
        {
            Count(channel, "duplicate");
            LogDuplicate(_logger, channel, message.Id);
            return IngressResult.Duplicate;
        }

        if (reason is not null)
        {
            Count(channel, "rejected");
            LogRejected(_logger, channel, message.Id, reason);
            await _bus.PublishAsync(
                Topics.Outbound, message.Conversation.Key, OutboundMessage.RejectionOf(message, reason, _time.GetUtcNow()), cancellationToken);
            await _idempotency.MarkAcceptedAsync(key, _options.DeduplicationWindow, _logger);
            return IngressResult.Rejected(reason);
        }

        var reply = _options.SynchronousIngress ? _waiters.Register(message.Id) : null;
        try
        {
            if (_bus is IAcceptingMessageBus { AcceptsAtomically: true } accepting)
            {
                // The marker goes with the message (one write): no crash can leave one without the other, and a
                // redelivery racing this one is refused there rather than becoming a second message.
                if (!await accepting.PublishAcceptedAsync(
                        Topics.Inbound, message.Conversation.Key, message, key, _options.DeduplicationWindow, cancellationToken))
                {
                    Count(channel, "duplicate");
                    LogDuplicate(_logger, channel, message.Id);
                    return IngressResult.Duplicate; // a waiter registered above is the first delivery's too (one per id)
                }
            }
            else
            {
                await _bus.PublishAsync(Topics.Inbound, message.Conversation.Key, message, cancellationToken);
            }
        }
        catch
        {
            _waiters.Forget(message.Id); // not accepted: the platform's redelivery (or the client's retry) publishes it
            throw;
        }

        if (_bus is not IAcceptingMessageBus { AcceptsAtomically: true })
        {
            await _idempotency.MarkAcceptedAsync(key, _options.DeduplicationWindow, _logger);
        }
        if (reply is not null)
        {
            await WaitForReplyAsync(message.Id, reply, cancellationToken);
        }

        Count(channel, "accepted");
        ChatHubTelemetry.StageDuration.Record(
            _time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("stage", "ingress"));
        LogAccepted(_logger, channel, message.Id);
        return IngressResult.Accepted;
    }

    private async Task WaitForReplyAsync(string messageId, Task reply, CancellationToken cancellationToken)
    {
        try
        {
            await reply.WaitAsync(_options.ReplyTimeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            _waiters.Forget(messageId); // accepted anyway: the reply still comes, asynchronously
        }
    }

    private string? Validate(string text, bool hasAttachment)
    {
        if (string.IsNullOrWhiteSpace(text) && !hasAttachment) // a picture or a voice message alone is a message
        {
            return "Your message is empty. Type a question and send it again.";
        }

        if (text.Length > _options.MaxMessageLength)
        {
            return $"Your message is too long ({text.Length:N0} characters; the limit is {_options.MaxMessageLength:N0}). Please shorten it and send it again.";
        }

        return null;
    }

    private static void Count(string channel, string outcome) =>
        ChatHubTelemetry.Inbound.Add(1, new("channel", channel), new("outcome", outcome));

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Inbound {MessageId} from {Channel} accepted")]
    private static partial void LogAccepted(ILogger logger, string channel, string messageId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Inbound {MessageId} from {Channel} is a duplicate; ignored")]
    private static partial void LogDuplicate(ILogger logger, string channel, string messageId);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Inbound {MessageId} from {Channel} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string channel, string messageId, UntrustedText reason);
}
