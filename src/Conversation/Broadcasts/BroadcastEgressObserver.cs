using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Broadcasts;

/// <summary>
/// Records egress's outcome of each broadcast delivery (ids from <see cref="BroadcastIds.MessageId"/>): queued → sent or
/// failed with the dead-letter reason. A copy egress dropped as already done counts as sent (a copy published again
/// after a restart; if that delivery had failed, its recipient already left "queued"). Other replies are ignored at
/// the cost of a prefix check. A store failure is logged and leaves the recipient queued, to be published again by the
/// next node that takes the sending lease (egress's ledger then settles it).
/// </summary>
public sealed partial class BroadcastEgressObserver(IBroadcastStore store, ILogger<BroadcastEgressObserver> logger) : IEgressObserver
{
    public async ValueTask OnFinalAsync(OutboundMessage message, EgressOutcome outcome, string? reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!BroadcastIds.TryParseMessageId(message.Id, out var broadcastId, out var run, out var key))
        {
            return;
        }

        var (to, why) = outcome == EgressOutcome.DeadLettered ? (RecipientState.Failed, reason ?? "dead-lettered") : (RecipientState.Sent, (string?)null);
        try
        {
            if (await store.TransitionAsync(broadcastId, run, key, RecipientState.Queued, to, why, cancellationToken))
            {
                LogRecorded(logger, broadcastId, to);
                BroadcastTelemetry.Delivery(message.Conversation, to);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotRecorded(logger, broadcastId, outcome, e);
        }
    }

    [LoggerMessage(EventId = 3621, Level = LogLevel.Debug, Message = "Broadcast {BroadcastId}: a delivery recorded as {State}")]
    private static partial void LogRecorded(ILogger logger, string broadcastId, RecipientState state);

    [LoggerMessage(EventId = 3620, Level = LogLevel.Warning, Message = "Broadcast {BroadcastId}: a delivery's outcome ({Outcome}) could not be recorded; it stays queued until the next lease holder publishes it again")]
    private static partial void LogNotRecorded(ILogger logger, string broadcastId, EgressOutcome outcome, Exception exception);
}
