namespace ChatHub.Adapters.Telegram.BotApi;

/// <summary>Why a request failed and what to do: wait <see cref="RetryAfter"/> seconds, or resend to a migrated chat.</summary>
internal sealed record ResponseParameters
{
    public long? MigrateToChatId { get; init; }

    public int? RetryAfter { get; init; }
}
