using ChatHub.Adapters.Abstractions.Formatting;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Voice;

namespace ChatHub.Adapters.Abstractions.Egress;

/// <summary>How an adapter gets the audio of a reply to speak (<see cref="OutboundMessage.SpokenText"/>).</summary>
public static class SpokenRepliesExtensions
{
    /// <summary>
    /// The audio of <paramref name="message"/>'s spoken text (its words: <see cref="SpokenTextWriter"/>), or null when
    /// it has none or it cannot be spoken (then it stays text; <see cref="SpokenReplies"/> logs why).
    /// </summary>
    public static async ValueTask<SpokenAudio?> SpeakAsync(this SpokenReplies? replies, OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (replies is null || message.SpokenText is null)
        {
            return null;
        }

        var words = SpokenTextWriter.Write(message, replies.MaxCharacters);
        return await replies.SpeakAsync(message.Id, message.Conversation.Channel, words, cancellationToken);
    }
}
