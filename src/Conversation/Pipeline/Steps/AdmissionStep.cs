using System.Runtime.CompilerServices;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.RateLimiting;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Pipeline.Steps;

/// <summary>The person's own rate limit, first of all: over it, told once (or not at all), and nothing else runs.</summary>
internal sealed class AdmissionStep(MessageRateLimiter limiter, ILogger logger) : ITurnStep
{
    public async IAsyncEnumerable<OutboundMessage> RunAsync(Turn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        switch (await limiter.CheckAsync(turn.HubUserId, turn.Message, cancellationToken))
        {
            case RateLimitDecision.Notify:
                ProcessorLog.RateLimited(logger, turn.Message.Id, notified: true);
                turn.Finish();
                yield return turn.Reply("You are sending messages faster than I can answer. Please wait a moment, then try again.", ReplySource.System);
                break;
            case RateLimitDecision.Drop:
                ProcessorLog.RateLimited(logger, turn.Message.Id, notified: false);
                turn.Finish();
                break;
        }
    }
}
