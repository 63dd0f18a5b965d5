using ChatHub.Adapters.Abstractions.Egress;
using ChatHub.Adapters.BotFramework.Api;
using ChatHub.Conversation.Bus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// Posts one activity the way the Bot Connector asks: gets the bot's token, posts, and on 429, 412, 502, 503, 504,
/// timeouts and network errors waits (Retry-After when given, else capped exponential backoff with jitter) and
/// tries again, up to <see cref="BotFrameworkOptions.MaxSendAttempts"/> attempts and
/// <see cref="BotFrameworkOptions.MaxRetryAfterWait"/> of waiting. A 401 renews the token once. Returns the last result.
/// </summary>
internal sealed class BotFrameworkDelivery
{
    private readonly BotConnectorClient _client;
    private readonly BotFrameworkSendBudget _budget;
    private readonly BotFrameworkTokenProvider _tokens;
    private readonly BotFrameworkOptions _options;
    private readonly RetryPolicy _backoff;
    private readonly TimeProvider _time;
    private readonly ILogger<BotFrameworkDelivery> _logger;

    public BotFrameworkDelivery(
        BotConnectorClient client,
        BotFrameworkSendBudget budget,
        BotFrameworkTokenProvider tokens, IOptions<BotFrameworkOptions> options, TimeProvider time, ILogger<BotFrameworkDelivery> logger)
    {
        _client = client;
        _budget = budget;
        _tokens = tokens;
        _options = options.Value;
        _backoff = new RetryPolicy(_options.MaxSendAttempts, _options.RetryBaseDelay, _options.RetryMaxDelay);
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// One attempt, no retries, and only if the budget has room now (typing indicators: best effort). Skipped
    /// without budget: no value and no error.
    /// </summary>
    public async Task<BotFrameworkResult<string>> PostOnceAsync(BotFrameworkTarget target, OutboundActivity activity, CancellationToken cancellationToken)
    {
        if (!_budget.TryAcquire(target))
        {
            return new BotFrameworkResult<string>(null, null);
        }

        var token = await _tokens.GetTokenAsync(cancellationToken);
        return token.Error is { } error
            ? BotFrameworkResult<string>.Fail(error)
            : await _client.PostAsync(target, activity, asReply: false, token.Value!, cancellationToken);
    }

    public async Task<BotFrameworkResult<string>> PostAsync(BotFrameworkTarget target, OutboundActivity activity, CancellationToken cancellationToken)
    {
        var failures = 0;
        var renewed = false;
        var waited = TimeSpan.Zero;
        while (true)
        {
            var token = await _tokens.GetTokenAsync(cancellationToken);
            if (token.Error is null && !await _budget.AcquireAsync(target, cancellationToken))
            {
                BotFrameworkLog.OverBudget(_logger, activity.Type, _options.BudgetMaxWait);
                return BotFrameworkResult<string>.Fail(new BotFrameworkError(BotFrameworkErrorKind.OverBudget, "no room in the outbound budget within BudgetMaxWait"));
            }

            var result = token.Error is { } tokenError
                ? BotFrameworkResult<string>.Fail(tokenError)
                : await CallUnderWay.RunAsync(ct => _client.PostAsync(target, activity, asReply: target.ReplyToId is not null, token.Value!, ct), _time, cancellationToken);
            if (result.Error is not { } error)
            {
                return result;
            }

            if (error.Kind == BotFrameworkErrorKind.Unauthorized && token.Error is null && !renewed)
            {
                renewed = true; // the connector refused the token (revoked, rotated secret): renew it once
                _tokens.Invalidate(token.Value!);
                BotFrameworkLog.TokenRejected(_logger);
                continue;
            }

            if (!error.IsRetryable || ++failures >= _options.MaxSendAttempts)
            {
                return result;
            }

            var delay = error.RetryAfter is { } retryAfter
                ? TimeSpan.FromTicks(Math.Min(retryAfter.Ticks, _options.RetryMaxDelay.Ticks))
                : _backoff.DelayFor(failures);
            waited += delay;
            if (waited > _options.MaxRetryAfterWait)
            {
                return result;
            }

            if (error.Kind == BotFrameworkErrorKind.RateLimited)
            {
                _budget.Pause(target, delay); // every post to this conversation and tenant waits, not only this one
                BotFrameworkLog.Throttled(_logger, activity.Type, error.StatusCode ?? 429, delay);
            }
            else
            {
                BotFrameworkLog.RetryingTransient(_logger, activity.Type, error.Kind, failures, delay);
            }

            await Task.Delay(delay, _time, cancellationToken);
        }
    }
}
