using ChatHub.Adapters.Abstractions.Egress;
using ChatHub.Adapters.Discord.Api;
using ChatHub.Conversation.Bus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord.Egress;

/// <summary>
/// Runs one REST call the way Discord asks: waits while its bucket (or the global limit) is exhausted, honours
/// 429 <c>retry_after</c> (the limiter has paused that bucket, or everything when global), retries 5xx, timeouts
/// and network errors with capped exponential backoff and jitter. Gives up after
/// <see cref="DiscordOptions.MaxSendAttempts"/> attempts, or once rate-limit waiting would pass
/// <see cref="DiscordOptions.MaxRateLimitWait"/>, and returns the last result (transient).
/// </summary>
internal sealed class DiscordDelivery
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    private readonly DiscordOptions _options;
    private readonly RetryPolicy _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordDelivery> _logger;

    public DiscordDelivery(IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordDelivery> logger)
    {
        _options = options.Value;
        _backoff = new RetryPolicy(_options.MaxSendAttempts, _options.RetryBaseDelay, _options.RetryMaxDelay);
        _time = time;
        _logger = logger;
    }

    public async Task<DiscordResult<T>> RunAsync<T>(DiscordRoute route, Func<CancellationToken, Task<DiscordResult<T>>> call, CancellationToken cancellationToken)
    {
        var failures = 0;
        var waited = TimeSpan.Zero;
        while (true)
        {
            var result = await CallUnderWay.RunAsync(call, _time, cancellationToken);
            if (result.Error is not { IsTransient: true } error)
            {
                return result;
            }

            TimeSpan delay;
            if (error.Kind == DiscordErrorKind.RateLimited)
            {
                // A local wait (the bucket is known to be empty) was never sent: it costs time, not an attempt.
                if (!error.Local && ++failures >= _options.MaxSendAttempts)
                {
                    return result;
                }

                delay = error.RetryAfter ?? DefaultRetryAfter;
                waited += delay;
                if (waited > _options.MaxRateLimitWait)
                {
                    return result;
                }

                if (!error.Local)
                {
                    DiscordLog.RateLimited(_logger, route.RouteKey, error.Global ? "global" : "bucket", delay.TotalSeconds);
                }
            }
            else
            {
                if (++failures >= _options.MaxSendAttempts)
                {
                    return result;
                }

                delay = _backoff.DelayFor(failures);
                DiscordLog.RetryingTransient(_logger, route.RouteKey, error.Kind, failures, delay);
            }

            await Task.Delay(delay, _time, cancellationToken);
        }
    }
}
