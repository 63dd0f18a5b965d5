namespace ChatHub.Conversation.Counters;

/// <summary>
/// Fixed-window counters (Redis <c>INCR</c> + <c>EXPIRE NX</c> semantics): the window starts with the first
/// increment of a key and the count resets when it ends. Used for attempt limits and lockouts.
/// </summary>
public interface ICounterStore
{
    /// <summary>Adds one and returns the new count within the key's current window.</summary>
    ValueTask<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>The count within the current window (0 when none).</summary>
    ValueTask<long> GetAsync(string key, CancellationToken cancellationToken);

    ValueTask ResetAsync(string key, CancellationToken cancellationToken);
}
