using System.Runtime.CompilerServices;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Messages;
using Microsoft.Extensions.Logging;

namespace ChatHub.Conversation.Pipeline.Steps;

/// <summary>
/// Hand-off, where it is on: the operators' chat is not answered by the bot, and a person handed to the team is not
/// either (the message is forwarded to the operators).
/// </summary>
internal sealed class HandedOffStep(HandoffService? handoff, ILogger logger) : ITurnStep
{
    public async IAsyncEnumerable<OutboundMessage> RunAsync(Turn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (handoff is not { Enabled: true })
        {
            yield break;
        }

        await turn.Routed;
        if (handoff.IsOperatorChat(turn.Message.Conversation))
        {
            ProcessorLog.OperatorChat(logger, turn.Message.Id); // operators talking among themselves: not for the bot
            turn.Finish();
            yield break;
        }

        if (await handoff.ActiveAsync(turn.HubUserId, cancellationToken) is not { } ticket)
        {
            yield break;
        }

        // Handed off: the bot stays quiet, the operators read along (in their chat, or in the admin API).
        turn.Finish();
        if (await handoff.ForwardAsync(ticket, turn.Message, cancellationToken) is { } forwarded)
        {
            yield return turn.Notify(forwarded, 0);
        }
    }
}
