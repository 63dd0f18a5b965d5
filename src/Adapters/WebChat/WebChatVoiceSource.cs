using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Voice;

namespace ChatHub.Adapters.WebChat;

/// <summary>Web-chat voice messages from the hub's own upload store, by upload id, only the sender's own (like its pictures).</summary>
internal sealed class WebChatVoiceSource(IVoiceUploadStore uploads) : IVoiceSource
{
    public string Channel => ChannelNames.WebChat;

    public async ValueTask<ImageDownload> OpenAsync(InboundMessage message, VoiceAttachment voice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(voice);
        return await uploads.GetAsync(ChannelNames.WebChat, message.From.UserId, voice.FileId, cancellationToken) is { } stored
            ? ImageDownload.Opened(new MemoryStream(stored.Bytes, writable: false), stored.Bytes.Length)
            : ImageDownload.Refused("Your voice message has expired. Please record it again.", "no such upload for this conversation (expired, erased or another's)");
    }
}
