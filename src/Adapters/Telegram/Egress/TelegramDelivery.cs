using ChatHub.Adapters.Abstractions.Egress;
using ChatHub.Adapters.Telegram.Api;
using ChatHub.Conversation.Bus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>
/// Runs one outbound Bot API call within the chat's budget, the way Telegram asks: waits for the rate limiter,
/// honours 429 retry_after (the whole chat pauses), follows <c>migrate_to_chat_id</c> once, retries 5xx, timeouts
/// and network errors with capped exponential backoff and jitter, and gives up after
/// <see cref="TelegramOptions.MaxSendAttempts"/> attempts or <see cref="TelegramOptions.MaxRetryAfterWait"/> of
/// retry_after. Returns the last result and the chat id it went to.
/// </summary>
internal sealed class TelegramDelivery
{
    private readonly ITelegramRateLimiter _limiter;
    private readonly TelegramChatMigrations _migrations;
    private readonly TelegramOptions _options;
    private readonly RetryPolicy _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger<TelegramDelivery> _logger;

    public TelegramDelivery(
        ITelegramRateLimiter limiter, TelegramChatMigrations migrations, IOptions<TelegramOptions> options, TimeProvider time, ILogger<TelegramDelivery> logger)
    {
        _limiter = limiter;
        _migrations = migrations;
        _options = options.Value;
        _backoff = new RetryPolicy(_options.MaxSendAttempts, _options.RetryBaseDelay, _options.RetryMaxDelay);
        _time = time;
        _logger = logger;
    }

    public async Task<(TelegramResult<T> Result, long ChatId)> RunAsync<T>(
        long chatId, string method, Func<long, CancellationToken, Task<TelegramResult<T>>> call, CancellationToken cancellationToken)
    {
        var chat = _migrations.Resolve(chatId);
        var failures = 0;
        var migrated = false;
        var waited = TimeSpan.Zero;
        while (true)
        {
            await _limiter.AcquireAsync(chat, cancellationToken);
            var result = await CallUnderWay.RunAsync(ct => call(chat, ct), _time, cancellationToken);
            if (result.Error is not { } error)
            {
                return (result, chat);
            }

            if (error.Kind == TelegramErrorKind.Migrated && error.MigrateToChatId is { } to && !migrated)
            {
                migrated = true;
                _migrations.Record(chat, to);
                TelegramLog.ChatMigrated(_logger, chat, to);
                chat = to;
                continue;
            }

            if (!error.IsTransient || ++failures >= _options.MaxSendAttempts)
            {
                return (result, chat);
            }

            if (error.Kind == TelegramErrorKind.RateLimited)
            {
                var retryAfter = error.RetryAfter ?? TimeSpan.FromSeconds(1);
                await _limiter.PauseAsync(chat, retryAfter, cancellationToken); // every send to this chat waits, not only this one
                waited += retryAfter;
                TelegramLog.RateLimited(_logger, method, chat, retryAfter.TotalSeconds);
                if (waited > _options.MaxRetryAfterWait)
                {
                    return (result, chat);
                }

                continue; // AcquireAsync waits out the pause
            }

            var delay = _backoff.DelayFor(failures);
            TelegramLog.RetryingTransient(_logger, method, error.Kind, failures, delay);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }
}
