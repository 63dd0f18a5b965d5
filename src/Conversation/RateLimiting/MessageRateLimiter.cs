using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.RateLimiting;

public enum RateLimitDecision
{
    Allowed = 0,

    /// <summary>Over the limit: answer with a "slow down" notice (first time in the notice window).</summary>
    Notify = 1,

    /// <summary>Over the limit and already told: drop silently.</summary>
    Drop = 2,
}

/// <summary>Per-person and per-conversation token buckets in front of the worker, and per client address in front of the engines.</summary>
public sealed class MessageRateLimiter
{
    private readonly ITokenBucketLimiter _buckets;
    private readonly IIdempotencyStore _notices;
    private readonly RateLimitOptions _options;
    private readonly TokenBucketRule _perUser;
    private readonly TokenBucketRule _perConversation;
    private readonly TokenBucketRule _perClientAddress;

    public MessageRateLimiter(ITokenBucketLimiter buckets, IIdempotencyStore notices, IOptions<RateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _buckets = buckets;
        _notices = notices;
        _options = options.Value;
        _perUser = new TokenBucketRule(_options.PerUserBurst, _options.PerUserRefill);
        _perConversation = new TokenBucketRule(_options.PerConversationBurst, _options.PerConversationRefill);
        _perClientAddress = new TokenBucketRule(_options.PerClientAddressBurst, _options.PerClientAddressRefill);
    }

    public async ValueTask<RateLimitDecision> CheckAsync(string hubUserId, InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_options.Enabled)
        {
            return RateLimitDecision.Allowed;
        }

        string? scope = null;
        if (!await _buckets.TryAcquireAsync($"rl:conv:{message.Conversation.Key}", _perConversation, cancellationToken))
        {
            scope = "conversation";
        }
        else if (!await _buckets.TryAcquireAsync($"rl:user:{hubUserId}", _perUser, cancellationToken))
        {
            scope = "user";
        }

        if (scope is null)
        {
            return RateLimitDecision.Allowed;
        }

        return await LimitedAsync(hubUserId, message, scope, cancellationToken);
    }

    /// <summary>
    /// Right before the engine chain (model calls included): the message's client address, when it has one
    /// (<see cref="InboundMessage.ClientAddress"/>), must have a token left.
    /// </summary>
    public async ValueTask<RateLimitDecision> CheckAnswerAsync(string hubUserId, InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_options.Enabled || message.ClientAddress is not { } address
            || await _buckets.TryAcquireAsync($"rl:addr:{address}", _perClientAddress, cancellationToken))
        {
            return RateLimitDecision.Allowed;
        }

        return await LimitedAsync(hubUserId, message, "address", cancellationToken);
    }

    private async ValueTask<RateLimitDecision> LimitedAsync(string hubUserId, InboundMessage message, string scope, CancellationToken cancellationToken)
    {
        ChatHubTelemetry.RateLimited.Add(1, new("scope", scope), new("channel", message.Conversation.Channel));
        return await _notices.TryClaimAsync($"rl:notice:{hubUserId}", _options.NoticeWindow, cancellationToken)
            ? RateLimitDecision.Notify
            : RateLimitDecision.Drop;
    }
}
