using System.Collections.Frozen;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Pipeline;

/// <summary>
/// Routes an outbound message to the sender of its channel and returns the sender's <see cref="SendResult"/>. Final
/// replies that fail permanently go to chat.dlq (the result says so, handled); a transient result is handed back for
/// the caller to retry (<see cref="EgressService"/>: the bus's retry policy); typing indicators and partial replies are
/// best effort (the final reply carries the whole text).
/// </summary>
public sealed partial class EgressDispatcher
{
    /// <summary>How long the observers get to record a reply the platform accepted, stopping or not.</summary>
    private static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(10);

    private readonly FrozenDictionary<string, IChannelSender> _senders;
    private readonly IMessageBus _bus;
    private readonly ReplyWaiters _waiters;
    private readonly IEgressObserver[] _observers;
    private readonly TimeProvider _time;
    private readonly ILogger<EgressDispatcher> _logger;

    public EgressDispatcher(
        IEnumerable<IChannelSender> senders, IMessageBus bus, ReplyWaiters waiters, IEnumerable<IEgressObserver> observers, TimeProvider time,
        ILogger<EgressDispatcher> logger)
    {
        var map = new Dictionary<string, IChannelSender>(StringComparer.Ordinal);
        foreach (var sender in senders)
        {
            if (!map.TryAdd(sender.Channel, sender))
            {
                throw new InvalidOperationException(
                    $"Two channel senders serve '{sender.Channel}': {map[sender.Channel].GetType().Name} and {sender.GetType().Name}.");
            }
        }

        _senders = map.ToFrozenDictionary(StringComparer.Ordinal);
        _bus = bus;
        _waiters = waiters;
        _observers = [.. observers];
        _time = time;
        _logger = logger;
    }

    public IReadOnlyCollection<string> Channels => _senders.Keys;

    public async ValueTask<SendResult> DispatchAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var channel = message.Conversation.Channel;
        var result = _senders.TryGetValue(channel, out var sender)
            ? await sender.SendAsync(message, cancellationToken)
            : SendResult.Permanent($"no adapter is configured for channel '{channel}'");

        if (message.Kind != OutboundKind.Final)
        {
            if (result.Status != SendStatus.Sent)
            {
                LogBestEffortFailed(_logger, message.Kind, channel, result.Reason);
            }

            return result;
        }

        switch (result.Status)
        {
            case SendStatus.Sent:
                ChatHubTelemetry.Replies.Add(1, new("channel", channel), new("outcome", "sent"));
                _waiters.Complete(message);
                // The platform has it: recorded even when the stop cancelled the handler meanwhile (a delivery the
                // observers do not hear of is made again after a restart), within its own bound.
                using (var recording = new CancellationTokenSource(RecordTimeout, _time))
                {
                    await ObserveAsync(message, EgressOutcome.Sent, null, recording.Token);
                }

                return result;
            case SendStatus.Transient:
                ChatHubTelemetry.Replies.Add(1, new("channel", channel), new("outcome", "retry"));
                return result;
            default:
                await DeadLetterAsync(message, result.Reason ?? "permanent failure", cancellationToken);
                _waiters.Complete(message);
                return result;
        }
    }

    /// <summary>Moves a final reply that cannot be delivered to chat.dlq with the reason.</summary>
    public async ValueTask DeadLetterAsync(OutboundMessage message, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var channel = message.Conversation.Channel;
        LogDeadLettered(_logger, message.Id, channel, reason);
        ChatHubTelemetry.Replies.Add(1, new("channel", channel), new("outcome", "dead_lettered"));
        ChatHubTelemetry.DeadLetters.Add(1, new KeyValuePair<string, object?>("topic", Topics.Outbound.Name));
        await _bus.PublishAsync(
            Topics.DeadLetters,
            message.Conversation.Key,
            new DeadLetter(Topics.Outbound.Name, message.Conversation.Key, reason, _time.GetUtcNow(), Outbound: message),
            cancellationToken);
        await ObserveAsync(message, EgressOutcome.DeadLettered, reason, cancellationToken);
    }

    /// <summary>Tells the <see cref="IEgressObserver"/>s what became of a final reply.</summary>
    public async ValueTask ObserveAsync(OutboundMessage message, EgressOutcome outcome, string? reason, CancellationToken cancellationToken)
    {
        foreach (var observer in _observers)
        {
            await observer.OnFinalAsync(message, outcome, reason, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "Reply {MessageId} to {Channel} dead-lettered: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, UntrustedText messageId, string channel, UntrustedText reason);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Debug, Message = "Best-effort {Kind} to {Channel} not sent: {Reason}")]
    private static partial void LogBestEffortFailed(ILogger logger, OutboundKind kind, string channel, UntrustedText reason);
}
