using ChatHub.Adapters.Abstractions.Egress;
using ChatHub.Adapters.BotFramework.Api;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// "typing…" while a reply is produced: a <c>typing</c> activity at once, then every
/// <see cref="BotFrameworkOptions.TypingInterval"/> (Teams shows one for about 3 s) until the reply is final or
/// <see cref="BotFrameworkOptions.MaxTypingDuration"/> has passed. Best effort: one attempt each, and the refresh
/// stops at the first failure (a 429 included), so typing never competes with the reply for the conversation's
/// budget. Not in Teams channels, which do not show it.
/// </summary>
internal sealed class BotFrameworkTypingIndicator : IDisposable
{
    private readonly BotFrameworkDelivery _delivery;
    private readonly TypingRefresher<BotFrameworkTarget> _refresher;

    public BotFrameworkTypingIndicator(
        BotFrameworkDelivery delivery, IOptions<BotFrameworkOptions> options, TimeProvider time, ILogger<BotFrameworkTypingIndicator> logger)
    {
        _delivery = delivery;
        _refresher = new(SendOnceAsync, TypingRefresher<BotFrameworkTarget>.OnlyWhileSent, options.Value.TypingInterval, options.Value.MaxTypingDuration, time,
            ex => BotFrameworkLog.TypingFailed(logger, ex));
    }

    internal int Active => _refresher.Active;

    public ValueTask<SendResult> StartAsync(string replyId, BotFrameworkTarget target, CancellationToken cancellationToken) =>
        target.IsChannel ? ValueTask.FromResult(SendResult.Sent) : _refresher.StartAsync(replyId, target, cancellationToken);

    public void Stop(string replyId) => _refresher.Stop(replyId);

    public void Dispose() => _refresher.Dispose();

    /// <summary>One attempt (no retries: the refresh is the retry, and typing never waits for the budget).</summary>
    private async ValueTask<SendResult> SendOnceAsync(BotFrameworkTarget target, CancellationToken cancellationToken)
    {
        var sent = await _delivery.PostOnceAsync(target, OutboundActivity.Typing(), cancellationToken);
        return sent.Error is not { } error ? SendResult.Sent
            : error.IsTransient ? SendResult.Transient($"typing: {error}") : SendResult.Permanent($"typing: {error}");
    }
}
