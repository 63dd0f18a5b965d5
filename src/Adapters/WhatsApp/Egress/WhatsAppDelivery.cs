using ChatHub.Adapters.Abstractions.Egress;
using ChatHub.Adapters.WhatsApp.Api;
using ChatHub.Conversation.Bus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WhatsApp.Egress;

/// <summary>
/// Sends one message the way the Cloud API asks: waits for the number's and the person's budget
/// (<see cref="WhatsAppRateLimiter"/>), sends, and on 429, 130429 (throughput), 131056 (pair rate), 5xx, timeouts
/// and network errors waits (Retry-After when given; after 131056 <see cref="WhatsAppOptions.PairRateLimitDelay"/>;
/// else capped exponential backoff with jitter) and tries again, up to <see cref="WhatsAppOptions.MaxSendAttempts"/>
/// attempts and <see cref="WhatsAppOptions.MaxRetryWait"/> of waiting. Returns the last result.
/// </summary>
internal sealed class WhatsAppDelivery
{
    private readonly WhatsAppRateLimiter _limiter;
    private readonly WhatsAppOptions _options;
    private readonly RetryPolicy _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger<WhatsAppDelivery> _logger;

    public WhatsAppDelivery(WhatsAppRateLimiter limiter, IOptions<WhatsAppOptions> options, TimeProvider time, ILogger<WhatsAppDelivery> logger)
    {
        _limiter = limiter;
        _options = options.Value;
        _backoff = new RetryPolicy(_options.MaxSendAttempts, _options.RetryBaseDelay, _options.RetryMaxDelay);
        _time = time;
        _logger = logger;
    }

    public async Task<WhatsAppResult<T>> RunAsync<T>(
        string operation, string recipient, Func<CancellationToken, Task<WhatsAppResult<T>>> send, CancellationToken cancellationToken)
    {
        var failures = 0;
        var waited = TimeSpan.Zero;
        while (true)
        {
            await _limiter.AcquireAsync(recipient, cancellationToken);
            var result = await CallUnderWay.RunAsync(send, _time, cancellationToken);
            if (result.Error is not { } error || !error.IsRetryable || ++failures >= _options.MaxSendAttempts)
            {
                return result;
            }

            var delay = error switch
            {
                { RetryAfter: { } retryAfter } => retryAfter,
                { Kind: WhatsAppErrorKind.PairRateLimited } => _options.PairRateLimitDelay,
                _ => _backoff.DelayFor(failures),
            };
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks, _options.RetryMaxDelay.Ticks));
            waited += delay;
            if (waited > _options.MaxRetryWait)
            {
                return result;
            }

            if (error.Kind is WhatsAppErrorKind.RateLimited or WhatsAppErrorKind.PairRateLimited)
            {
                WhatsAppLog.Throttled(_logger, operation, error.Kind, delay);
            }
            else
            {
                WhatsAppLog.RetryingTransient(_logger, operation, error.Kind, failures, delay);
            }

            await Task.Delay(delay, _time, cancellationToken);
        }
    }
}
