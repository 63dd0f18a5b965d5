namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>
/// The outbound budget of one bot: per chat, per group and overall, shared by sends, edits and typing. The
/// default is in-process (<see cref="InMemoryTelegramRateLimiter"/>); a cluster-wide one (Redis) can replace it.
/// Group, supergroup and channel ids are negative.
/// </summary>
public interface ITelegramRateLimiter
{
    /// <summary>Waits until one more message to <paramref name="chatId"/> is within budget, then takes it.</summary>
    ValueTask AcquireAsync(long chatId, CancellationToken cancellationToken);

    /// <summary>Takes one message of budget if it is available now; false (and nothing taken) otherwise.</summary>
    ValueTask<bool> TryAcquireAsync(long chatId, CancellationToken cancellationToken);

    /// <summary>Stops all sends to the chat for <paramref name="retryAfter"/> (Telegram answered 429 with retry_after).</summary>
    ValueTask PauseAsync(long chatId, TimeSpan retryAfter, CancellationToken cancellationToken);
}
