using System.Diagnostics;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Pipeline;

/// <summary>
/// The egress role: consumes chat.outbound and hands each message to <see cref="EgressDispatcher"/>. Final replies
/// go through the <see cref="ProcessingLedger"/> key <c>egress:{replyId}</c> (done once the platform accepted or the
/// reply was dead-lettered; the lease is released on a transient failure), so a final reply published twice (a
/// worker that reprocessed its message after a crash) or consumed twice (a redelivery) is sent once. A transient
/// <see cref="SendResult"/> goes back to the bus's retry policy as a value (<see cref="HandlerResult.RetryLater"/>).
/// </summary>
public sealed partial class EgressService : BackgroundService
{
    public const string ConsumerGroup = "chathub-egress";

    private readonly IMessageBus _bus;
    private readonly EgressDispatcher _dispatcher;
    private readonly ProcessingLedger _ledger;
    private readonly PipelineHealth _health;
    private readonly TimeProvider _time;
    private readonly TransientFailures _transient;
    private readonly ILogger<EgressService> _logger;

    public EgressService(
        IMessageBus bus, EgressDispatcher dispatcher, ProcessingLedger ledger, PipelineHealth health, TimeProvider time, TransientFailures transient,
        ILogger<EgressService> logger)
    {
        _bus = bus;
        _dispatcher = dispatcher;
        _ledger = ledger;
        _health = health;
        _time = time;
        _transient = transient;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var handler = RetryingHandler.Wrap<OutboundMessage>(
            Topics.Outbound.Name,
            HandleAsync,
            (envelope, reason, ct) => _dispatcher.DeadLetterAsync(envelope.Value, reason, ct),
            RetryPolicy.Default,
            _time,
            _logger,
            _transient.IsTransient);
        using var _ = _health.Running(HubRole.Egress);
        await _bus.ConsumeAsync(Topics.Outbound, ConsumerGroup, handler, stoppingToken);
    }

    private async ValueTask<HandlerResult> HandleAsync(BusMessage<OutboundMessage> envelope, CancellationToken cancellationToken)
    {
        var message = envelope.Value;
        using var activity = ChatHubTelemetry.ActivitySource.StartActivity(
            "chathub.egress", ActivityKind.Consumer, TraceHeaders.Extract(envelope.Headers));
        activity?.SetTag("chathub.channel", message.Conversation.Channel);
        activity?.SetTag("chathub.kind", message.Kind.ToString());
        activity?.SetTag("chathub.in_reply_to", message.InReplyTo);
        if (message.Kind != OutboundKind.Final)
        {
            await _dispatcher.DispatchAsync(message, cancellationToken); // best effort, never de-duplicated
            return HandlerResult.Handled;
        }

        var (ran, result) = await _ledger.RunOnceAsync(
            $"egress:{message.Id}", ct => _dispatcher.DispatchAsync(message, ct), static sent => sent.Status != SendStatus.Transient, cancellationToken);
        if (!ran)
        {
            LogDuplicateSuppressed(_logger, message.Id, message.Conversation.Channel);
            await _dispatcher.ObserveAsync(message, EgressOutcome.AlreadyDone, null, cancellationToken);
            return HandlerResult.Handled;
        }

        if (result.Status == SendStatus.Transient)
        {
            return HandlerResult.RetryLater($"Send to {message.Conversation.Channel} failed transiently: {result.Reason}");
        }

        var now = _time.GetUtcNow();
        ChatHubTelemetry.StageDuration.Record((now - envelope.PublishedAt).TotalSeconds, new KeyValuePair<string, object?>("stage", "egress"));
        if (message.InboundAcceptedAt is { } accepted)
        {
            ChatHubTelemetry.StageDuration.Record((now - accepted).TotalSeconds, new KeyValuePair<string, object?>("stage", "end_to_end"));
        }

        return HandlerResult.Handled;
    }

    [LoggerMessage(EventId = 3303, Level = LogLevel.Information, Message = "Reply {MessageId} to {Channel} was already sent; duplicate suppressed")]
    private static partial void LogDuplicateSuppressed(ILogger logger, string messageId, string channel);
}
