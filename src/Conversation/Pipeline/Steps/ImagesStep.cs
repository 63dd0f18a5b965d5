using System.Runtime.CompilerServices;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.RateLimiting;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Pipeline.Steps;

/// <summary>
/// Before a question is asked of the answer engine: the limit on questions from the person's network, then the
/// pictures (image parts when the model can look at them; otherwise, or when one is refused, a word to the person,
/// which is the reply itself when there is nothing else to answer).
/// </summary>
internal sealed class ImagesStep(MessageRateLimiter limiter, ImageResolver? images, ILogger logger) : ITurnStep
{
    public async IAsyncEnumerable<OutboundMessage> RunAsync(Turn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var message = turn.Message;
        switch (await limiter.CheckAnswerAsync(turn.HubUserId, message, cancellationToken))
        {
            case RateLimitDecision.Notify:
                ProcessorLog.RateLimited(logger, message.Id, notified: true);
                turn.Finish();
                yield return turn.Reply("Too many questions are coming from your network just now. Please wait a moment, then try again.", ReplySource.System);
                yield break;
            case RateLimitDecision.Drop:
                ProcessorLog.RateLimited(logger, message.Id, notified: false);
                turn.Finish();
                yield break;
        }

        turn.Images = images is null || message.Images is not { Count: > 0 } ? ImageInput.None : await images.ResolveAsync(message, cancellationToken);
        if (turn.Images.Notice is not { } notice)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(turn.Question) && turn.Images.Parts.Count == 0)
        {
            turn.Finish();
            yield return turn.Reply(notice, ReplySource.System); // nothing else to answer
            yield break;
        }

        yield return turn.Notice(notice, "-images");
    }
}
