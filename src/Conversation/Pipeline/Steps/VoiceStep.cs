using System.Runtime.CompilerServices;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Moderation;
using ChatHub.Conversation.Voice;

namespace ChatHub.Conversation.Pipeline.Steps;

/// <summary>
/// A voice message: its transcript is the message's text from here on (commands, moderation, cache, knowledge, model,
/// the session), shown to the person first so they can tell what was heard; a refusal is said instead (the reply
/// itself when there is no text to answer besides).
/// </summary>
internal sealed class VoiceStep(VoiceTranscriber? transcriber, ModerationService moderation) : ITurnStep
{
    public async IAsyncEnumerable<OutboundMessage> RunAsync(Turn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var message = turn.Message;
        if (message.Voice is null)
        {
            yield break;
        }

        var heard = transcriber is null
            ? new VoiceInput(null, VoiceTranscriber.CannotListenReply + VoiceTranscriber.TypeInstead)
            : await transcriber.TranscribeAsync(message, cancellationToken);
        if (heard.Transcript is { } transcript)
        {
            turn.Spoke = true;
            turn.Message = message with { Text = string.IsNullOrWhiteSpace(message.Text) ? transcript : message.Text + "\n" + transcript };
            // Said back as moderation lets it through (masked words masked); a blocked one is not said back at all.
            if (moderation.CheckInbound(transcript, message.Conversation.Channel) is { Blocked: false } heardCheck)
            {
                yield return turn.Notice(VoiceTranscriber.Heard(heardCheck.Text), "-voice");
            }
        }
        else if (heard.Refusal is { } refusal)
        {
            if (string.IsNullOrWhiteSpace(message.Text))
            {
                turn.Finish();
                yield return turn.Reply(refusal, ReplySource.System); // nothing else to answer
                yield break;
            }

            yield return turn.Notice(refusal, "-voice");
        }
    }
}
