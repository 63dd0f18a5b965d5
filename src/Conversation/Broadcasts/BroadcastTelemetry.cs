using System.Diagnostics.Metrics;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Telemetry;

namespace ChatHub.Conversation.Broadcasts;

/// <summary>The broadcasts' instruments: what happened to each delivery, and runs started and finished.</summary>
internal static class BroadcastTelemetry
{
    /// <summary>Deliveries by <c>channel</c> (<c>none</c> without a route) and <c>outcome</c>: queued, sent, failed, skipped.</summary>
    private static readonly Counter<long> Deliveries = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.broadcast.deliveries", description: "Broadcast deliveries by channel and outcome (queued, sent, failed, skipped)");

    /// <summary>Runs by <c>outcome</c>: started, finished.</summary>
    private static readonly Counter<long> Runs = ChatHubTelemetry.Meter.CreateCounter<long>(
        "chathub.broadcast.runs", description: "Broadcast runs started and finished");

    public static void Delivery(ConversationRef? conversation, RecipientState outcome) => Deliveries.Add(
        1, new KeyValuePair<string, object?>("channel", conversation?.Channel ?? "none"), new KeyValuePair<string, object?>("outcome", Name(outcome)));

    /// <summary>Counts the recipients an audience page settled at once (failed: no route; skipped: opted out).</summary>
    public static void Collected(IEnumerable<BroadcastRecipient> recipients)
    {
        foreach (var recipient in recipients)
        {
            if (recipient.State is RecipientState.Failed or RecipientState.Skipped)
            {
                Delivery(recipient.Conversation, recipient.State);
            }
        }
    }

    public static void RunStarted() => Runs.Add(1, new KeyValuePair<string, object?>("outcome", "started"));

    public static void RunFinished() => Runs.Add(1, new KeyValuePair<string, object?>("outcome", "finished"));

    private static string Name(RecipientState state) => state switch
    {
        RecipientState.Queued => "queued",
        RecipientState.Sent => "sent",
        RecipientState.Failed => "failed",
        RecipientState.Skipped => "skipped",
        _ => "pending",
    };
}
