using ChatHub.Adapters.Telegram.Api;
using ChatHub.Conversation.Bus;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram.Ingress;

/// <summary>
/// Long polling (<see cref="TelegramMode.Polling"/>): <c>getUpdates</c> from the stored offset, each update through
/// the same <see cref="TelegramIngress"/> path as the webhook, in update_id order; the offset moves past an update
/// only after it was handled (published, or known to need nothing), so nothing is confirmed to Telegram that the
/// hub has not accepted. Failures back off with jitter; 409 Conflict (another poller, or a webhook is set) is
/// logged as such and backed off, never hot-looped.
/// </summary>
internal sealed class TelegramPollingService : BackgroundService
{
    private static readonly TimeSpan MaxErrorDelay = TimeSpan.FromMinutes(1);

    private readonly TelegramBotApi _client;
    private readonly TelegramIngress _ingress;
    private readonly TelegramBotIdentity _identity;
    private readonly ITelegramOffsetStore _offsets;
    private readonly TelegramHealth _health;
    private readonly TelegramOptions _options;
    private readonly RetryPolicy _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger<TelegramPollingService> _logger;

    public TelegramPollingService(
        TelegramBotApi client,
        TelegramIngress ingress,
        TelegramBotIdentity identity,
        ITelegramOffsetStore offsets,
        TelegramHealth health,
        IOptions<TelegramOptions> options,
        TimeProvider time,
        ILogger<TelegramPollingService> logger)
    {
        _client = client;
        _ingress = ingress;
        _identity = identity;
        _offsets = offsets;
        _health = health;
        _options = options.Value;
        _backoff = new RetryPolicy(int.MaxValue, _options.PollingErrorDelay, MaxErrorDelay > _options.PollingErrorDelay ? MaxErrorDelay : _options.PollingErrorDelay);
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Mode != TelegramMode.Polling)
        {
            return;
        }

        try
        {
            await _identity.ReadyAsync(stoppingToken);
            var botId = _identity.BotId;
            var offset = await _offsets.GetAsync(botId, stoppingToken);
            TelegramLog.PollingStarted(_logger, offset ?? 0);
            _health.PollingRunning();
            var failures = 0;
            while (true)
            {
                TimeSpan delay;
                try
                {
                    var result = await _client.GetUpdatesAsync(offset, stoppingToken);
                    if (result.Value is { } batch)
                    {
                        failures = 0;
                        _health.PollingRunning();
                        foreach (var skipped in batch.Undecodable)
                        {
                            TelegramMetrics.Updates.Add(1, new KeyValuePair<string, object?>("outcome", "Undecodable"));
                            TelegramLog.UpdateUndecodable(_logger, skipped.UpdateId ?? 0, skipped.Reason);
                        }

                        foreach (var update in batch.Updates)
                        {
                            await _ingress.HandleAsync(update, stoppingToken);
                            offset = update.Id + 1;
                            await _offsets.SetAsync(botId, offset.Value, stoppingToken);
                        }

                        if (batch.NextOffset is { } next && next > (offset ?? 0))
                        {
                            offset = next; // an undecodable update after the last good one: confirmed, not asked for again
                            await _offsets.SetAsync(botId, next, stoppingToken);
                        }

                        continue;
                    }

                    delay = OnError(result.Error!, ++failures);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Loop boundary: handling failed (the bus refused); the update stays unconfirmed and comes again.
                    delay = _backoff.DelayFor(++failures);
                    TelegramLog.PollingLoopFailed(_logger, delay, ex);
                    _health.PollingFailed($"handling updates failed: {ex.GetType().Name}");
                }

                await Task.Delay(delay, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the offset store holds the last handled update.
        }
        finally
        {
            _health.PollingStopped();
        }
    }

    private TimeSpan OnError(TelegramError error, int failures)
    {
        var delay = error.Kind == TelegramErrorKind.RateLimited && error.RetryAfter is { } retryAfter ? retryAfter : _backoff.DelayFor(failures);
        switch (error.Kind)
        {
            case TelegramErrorKind.Conflict:
                TelegramLog.PollingConflict(_logger, error.Description, delay);
                _health.PollingFailed("409 Conflict: another getUpdates poller uses this token, or a webhook is set (deleteWebhook, or use Mode=webhook)");
                break;
            case TelegramErrorKind.Unauthorized or TelegramErrorKind.NotFound:
                TelegramLog.PollingUnauthorized(_logger, error.ErrorCode ?? 0, delay);
                _health.PollingFailed($"{error.ErrorCode} {error.Description}: check {TelegramOptions.SectionName}:Token");
                break;
            default:
                TelegramLog.PollingFailed(_logger, error.Kind, error.ErrorCode ?? 0, delay);
                if (failures >= 3)
                {
                    _health.PollingFailed(error.ToString());
                }

                break;
        }

        return delay;
    }
}
