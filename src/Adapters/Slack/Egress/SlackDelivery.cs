using ChatHub.Adapters.Abstractions.Egress;
using ChatHub.Adapters.Slack.Api;
using ChatHub.Conversation.Bus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Slack.Egress;

/// <summary>
/// Runs one Web API call the way Slack asks: waits while its budget (<see cref="SlackRateLimiter"/>) is empty, honours
/// 429 <c>Retry-After</c> and <c>ratelimited</c> (the channel's budget for that method is paused), retries 5xx,
/// timeouts and network errors with capped exponential backoff and jitter. Gives up after
/// <see cref="SlackOptions.MaxSendAttempts"/> attempts, or once rate-limit waiting would pass
/// <see cref="SlackOptions.MaxRateLimitWait"/>, and returns the last result (transient). Other <c>ok:false</c>
/// errors come back at once (permanent).
/// </summary>
internal sealed class SlackDelivery
{
    private readonly SlackRateLimiter _limiter;
    private readonly SlackOptions _options;
    private readonly RetryPolicy _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackDelivery> _logger;

    public SlackDelivery(SlackRateLimiter limiter, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackDelivery> logger)
    {
        _limiter = limiter;
        _options = options.Value;
        _backoff = new RetryPolicy(_options.MaxSendAttempts, _options.RetryBaseDelay, _options.RetryMaxDelay);
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs <paramref name="call"/> now if the budget allows, else returns a local <see cref="SlackErrorKind.RateLimited"/> without sending.</summary>
    public async Task<SlackResult<T>> TryNowAsync<T>(string method, string channel, Func<CancellationToken, Task<SlackResult<T>>> call, CancellationToken cancellationToken)
    {
        var wait = _limiter.TryAcquire(method, channel);
        if (wait > TimeSpan.Zero)
        {
            return SlackResult<T>.Fail(new SlackError(SlackErrorKind.RateLimited, "budget exhausted", RetryAfter: wait, Local: true));
        }

        var result = await CallUnderWay.RunAsync(call, _time, cancellationToken);
        if (result.Error is { Kind: SlackErrorKind.RateLimited, RetryAfter: { } retryAfter })
        {
            _limiter.Pause(method, channel, retryAfter);
        }

        return result;
    }

    public async Task<SlackResult<T>> RunAsync<T>(string method, string channel, Func<CancellationToken, Task<SlackResult<T>>> call, CancellationToken cancellationToken)
    {
        var failures = 0;
        var waited = TimeSpan.Zero;
        while (true)
        {
            var result = await TryNowAsync(method, channel, call, cancellationToken);
            if (result.Error is not { IsTransient: true } error)
            {
                return result;
            }

            TimeSpan delay;
            if (error.Kind == SlackErrorKind.RateLimited)
            {
                // A local wait (the budget is known to be empty) was never sent: it costs time, not an attempt.
                if (!error.Local && ++failures >= _options.MaxSendAttempts)
                {
                    return result;
                }

                delay = error.RetryAfter ?? TimeSpan.FromSeconds(1);
                waited += delay;
                if (waited > _options.MaxRateLimitWait)
                {
                    return result;
                }

                if (!error.Local)
                {
                    SlackLog.RateLimited(_logger, method, delay.TotalSeconds);
                }
            }
            else
            {
                if (++failures >= _options.MaxSendAttempts)
                {
                    return result;
                }

                delay = _backoff.DelayFor(failures);
                SlackLog.RetryingTransient(_logger, method, error.Kind, failures, delay);
            }

            await Task.Delay(delay, _time, cancellationToken);
        }
    }
}
