using ChatHub.Adapters.Telegram.Api;
using ChatHub.Conversation.Pipeline;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>Maps Bot API errors to the hub's <see cref="SendResult"/>.</summary>
internal static class TelegramSendResults
{
    /// <summary>5xx, timeouts, network and exhausted rate limits are transient; 403, 400, 401, 404 are permanent.</summary>
    public static SendResult From(TelegramError? error) => error switch
    {
        null => SendResult.Sent,
        { Kind: TelegramErrorKind.NotModified } => SendResult.Sent,
        { IsTransient: true } => SendResult.Transient($"telegram {error}"),
        _ => SendResult.Permanent($"telegram {error}"),
    };

    /// <summary>For single-attempt best-effort calls: still honour a 429 (pause the chat) and a migration.</summary>
    public static async ValueTask<SendResult> BestEffortAsync(
        TelegramError? error, long chatId, ITelegramRateLimiter limiter, TelegramChatMigrations migrations, CancellationToken cancellationToken)
    {
        if (error is { Kind: TelegramErrorKind.RateLimited, RetryAfter: { } retryAfter })
        {
            await limiter.PauseAsync(chatId, retryAfter, cancellationToken);
        }
        else if (error is { Kind: TelegramErrorKind.Migrated, MigrateToChatId: { } to })
        {
            migrations.Record(chatId, to);
            return SendResult.Transient($"telegram {error}");
        }

        return From(error);
    }
}
