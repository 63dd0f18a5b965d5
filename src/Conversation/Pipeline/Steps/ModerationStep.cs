using System.Runtime.CompilerServices;
using ChatHub.Conversation.Memory;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Moderation;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Pipeline.Steps;

/// <summary>
/// Moderation of what the person wrote: a blocked message is refused, a masked one goes on masked. Then "remember that
/// …", which is kept as the person said it, with or without a model.
/// </summary>
internal sealed class ModerationStep(ModerationService moderation, MemoryService? memory, ILogger logger) : ITurnStep
{
    public async IAsyncEnumerable<OutboundMessage> RunAsync(Turn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var message = turn.Message;
        var verdict = moderation.CheckInbound(message.Text, message.Conversation.Channel);
        if (verdict.Blocked)
        {
            ProcessorLog.Blocked(logger, message.Id);
            turn.Finish();
            yield return turn.Reply("I can't answer that message. Please rephrase it without offensive or unwanted words.", ReplySource.System) with { IsError = true };
            yield break;
        }

        turn.Question = verdict.Text;
        if (memory is { Enabled: true } && MemoryService.TryParseRequest(verdict.Text, out var fact))
        {
            turn.Finish();
            yield return turn.Reply(await memory.RememberAsync(turn.HubUserId, message.Conversation.Channel, fact, cancellationToken), ReplySource.System);
        }
    }
}
