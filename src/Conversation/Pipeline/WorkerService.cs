using System.Diagnostics;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Pipeline;

/// <summary>
/// The worker role: consumes chat.inbound, runs <see cref="MessageProcessor"/> and publishes its replies to
/// chat.outbound once per inbound id, under the <see cref="ProcessingLedger"/> key <c>worker:{inboundId}</c>: a lease
/// while it works, a done marker once every reply is published (on a bus that keeps one stored message per accepted
/// delivery until its handler returned, <see cref="IAcceptingMessageBus"/>, that message's deletion is the marker). A
/// redelivery of a finished message is skipped; one whose worker died is processed again when the lease expires (its
/// final reply has the same id, which egress de-duplicates).
/// </summary>
public sealed partial class WorkerService : BackgroundService
{
    public const string ConsumerGroup = "chathub-worker";

    private readonly IMessageBus _bus;
    private readonly MessageProcessor _processor;
    private readonly ProcessingLedger _ledger;
    private readonly PipelineHealth _health;
    private readonly TimeProvider _time;
    private readonly TransientFailures _transient;
    private readonly ILogger<WorkerService> _logger;
    private readonly LedgerCompletion _completion;

    public WorkerService(
        IMessageBus bus,
        MessageProcessor processor,
        ProcessingLedger ledger,
        PipelineHealth health,
        TimeProvider time,
        TransientFailures transient,
        ILogger<WorkerService> logger)
    {
        _bus = bus;
        _processor = processor;
        _ledger = ledger;
        _health = health;
        _time = time;
        _transient = transient;
        _logger = logger;
        // The durable embedded inbox holds one row per accepted delivery until this handler returned, and deletes it
        // then: the row's absence is the done marker, so none is written (one write fewer per message). A row left by
        // a crash is handled again, as it would be today if its marker's commit had been lost.
        _completion = bus is IAcceptingMessageBus { AcceptsAtomically: true } ? LedgerCompletion.ReleaseLease : LedgerCompletion.MarkDone;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var handler = RetryingHandler.Wrap<InboundMessage>(
            Topics.Inbound.Name, HandleAsync, DeadLetterAsync, RetryPolicy.Default, _time, _logger, _transient.IsTransient);
        using var _ = _health.Running(HubRole.Worker);
        await _bus.ConsumeAsync(Topics.Inbound, ConsumerGroup, handler, stoppingToken);
    }

    private async ValueTask<HandlerResult> HandleAsync(BusMessage<InboundMessage> envelope, CancellationToken cancellationToken)
    {
        var message = envelope.Value;
        using var activity = ChatHubTelemetry.ActivitySource.StartActivity(
            "chathub.worker", ActivityKind.Consumer, TraceHeaders.Extract(envelope.Headers));
        activity?.SetTag("chathub.message_id", message.Id);

        var published = await _ledger.RunOnceAsync(
            $"worker:{message.Id}",
            async ct =>
            {
                await foreach (var reply in _processor.ProcessAsync(message, ct))
                {
                    await _bus.PublishAsync(Topics.Outbound, reply.Conversation.Key, reply with { InboundAcceptedAt = envelope.PublishedAt }, ct);
                }
            },
            _completion,
            cancellationToken);
        if (!published)
        {
            LogAlreadyProcessed(_logger, message.Id);
            return HandlerResult.Handled;
        }

        ChatHubTelemetry.StageDuration.Record(
            (_time.GetUtcNow() - envelope.PublishedAt).TotalSeconds, new KeyValuePair<string, object?>("stage", "worker"));
        return HandlerResult.Handled;
    }

    private async ValueTask DeadLetterAsync(BusMessage<InboundMessage> envelope, string reason, CancellationToken cancellationToken)
    {
        ChatHubTelemetry.DeadLetters.Add(1, new KeyValuePair<string, object?>("topic", Topics.Inbound.Name));
        await _bus.PublishAsync(
            Topics.DeadLetters,
            envelope.Key,
            new DeadLetter(Topics.Inbound.Name, envelope.Key, reason, _time.GetUtcNow(), Inbound: envelope.Value),
            cancellationToken);
    }

    [LoggerMessage(EventId = 3401, Level = LogLevel.Information, Message = "Inbound {MessageId} was already processed; skipped")]
    private static partial void LogAlreadyProcessed(ILogger logger, string messageId);
}
