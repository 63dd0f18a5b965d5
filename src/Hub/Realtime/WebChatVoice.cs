using ChatHub.Conversation.Voice;

namespace ChatHub.Hub.Realtime;

/// <summary>
/// The <c>Voice</c> event payload: the spoken form of reply <see cref="ReplyId"/> (docs/web-chat-protocol.md), its bytes
/// (base64 in JSON), their media type (<c>audio/ogg</c>: Opus) and length in seconds where known.
/// </summary>
public sealed record WebChatVoice(string ReplyId, string MediaType, byte[] Audio, double? Seconds)
{
    public static WebChatVoice From(string replyId, SpokenAudio audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        return new(replyId, audio.MediaType, audio.Audio, audio.Duration?.TotalSeconds);
    }
}
