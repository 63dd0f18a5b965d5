using System.Diagnostics;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Pipeline;

/// <summary>The egress role: consumes chat.outbound and hands each message to <see cref="EgressDispatcher"/>.</summary>
public sealed class EgressService : BackgroundService
{
    public const string ConsumerGroup = "chathub-egress";

    private readonly IMessageBus _bus;
    private readonly EgressDispatcher _dispatcher;
    private readonly PipelineHealth _health;
    private readonly TimeProvider _time;
    private readonly TransientFailures _transient;
    private readonly ILogger<EgressService> _logger;

    public EgressService(IMessageBus bus, EgressDispatcher dispatcher, PipelineHealth health, TimeProvider time, TransientFailures transient, ILogger<EgressService> logger)
    {
        _bus = bus;
        _dispatcher = dispatcher;
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
            (envelope, error, ct) => _dispatcher.DeadLetterAsync(envelope.Value, error.Message, ct),
            RetryPolicy.Default,
            _time,
            _logger,
            _transient.IsTransient);
        using var _ = _health.Running(HubRole.Egress);
        await _bus.ConsumeAsync(Topics.Outbound, ConsumerGroup, handler, stoppingToken);
    }

    private async ValueTask HandleAsync(BusMessage<OutboundMessage> envelope, CancellationToken cancellationToken)
    {
        var message = envelope.Value;
        using var activity = ChatHubTelemetry.ActivitySource.StartActivity(
            "chathub.egress", ActivityKind.Consumer, TraceHeaders.Extract(envelope.Headers));
        activity?.SetTag("chathub.channel", message.Conversation.Channel);
        activity?.SetTag("chathub.kind", message.Kind.ToString());
        activity?.SetTag("chathub.in_reply_to", message.InReplyTo);
        await _dispatcher.DispatchAsync(message, cancellationToken);
        if (message.Kind == OutboundKind.Final)
        {
            var now = _time.GetUtcNow();
            ChatHubTelemetry.StageDuration.Record((now - envelope.PublishedAt).TotalSeconds, new KeyValuePair<string, object?>("stage", "egress"));
            if (message.InboundAcceptedAt is { } accepted)
            {
                ChatHubTelemetry.StageDuration.Record((now - accepted).TotalSeconds, new KeyValuePair<string, object?>("stage", "end_to_end"));
            }
        }
    }
}
