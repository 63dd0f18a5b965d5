using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Idempotency;

/// <summary>
/// De-duplicates a platform's deliveries at ingress without ever losing one: <see cref="IsDuplicateAsync"/> (a done
/// marker says the delivery was accepted before), then the effect (publish), then <see cref="MarkAcceptedAsync"/>.
/// <para>
/// Not a claim taken before the effect: when the store dies mid-command, a claim can be written while its reply is
/// lost (the caller sees an error, answers 5xx, and the platform's redelivery finds the key taken), or a failed
/// publish cannot release it; either way the redelivery would be skipped as a duplicate and the message lost. Here a
/// store failure before the effect fails the delivery (the platform retries), and a failure after it only leaves the
/// marker unwritten. What that costs is a second publish of a duplicate delivered concurrently or after a crash
/// between the effect and the marker; the worker's ledger, keyed by the deterministic inbound id
/// (<c>MessageIds.ForInbound</c>), and egress's, keyed by the deterministic reply id, absorb it.
/// </para>
/// </summary>
public static partial class AcceptOnce
{
    /// <summary>True if <paramref name="key"/>'s delivery was accepted before (within the marker's retention).</summary>
    public static ValueTask<bool> IsDuplicateAsync(this IIdempotencyStore store, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.IsDoneAsync(key, cancellationToken);
    }

    /// <summary>
    /// Records that <paramref name="key"/>'s delivery was accepted. Its effect already happened, so a failure is logged
    /// and swallowed (the delivery stays accepted; a redelivery is published again and absorbed downstream), and the
    /// caller's cancellation is not passed on (an aborted request must still leave its marker).
    /// </summary>
    public static async ValueTask MarkAcceptedAsync(this IIdempotencyStore store, string key, TimeSpan retention, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(logger);
        try
        {
            await store.MarkDoneAsync(key, retention, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogMarkFailed(logger, key, ex.GetType().Name, ex);
        }
    }

    [LoggerMessage(EventId = 3405, Level = LogLevel.Warning,
        Message = "Recording {Key} as accepted failed ({ErrorType}); it stays accepted, and a redelivery is de-duplicated by the worker")]
    private static partial void LogMarkFailed(ILogger logger, UntrustedText key, string errorType, Exception exception);
}
