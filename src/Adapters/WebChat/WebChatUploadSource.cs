using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Uploads;
using ChatHub.Conversation.Voice;
using Microsoft.Extensions.DependencyInjection;

namespace ChatHub.Adapters.WebChat;

/// <summary>
/// Web-chat pictures and voice messages from the hub's own upload stores, by upload id, only the sender's own (an
/// upload's owner is the conversation that uploaded it). Nothing is fetched over the network.
/// </summary>
internal sealed class WebChatUploadSource(
    [FromKeyedServices(UploadKind.Images)] IUploadStore images, [FromKeyedServices(UploadKind.Voice)] IUploadStore voice) : IImageSource, IVoiceSource
{
    private const string NotHere = "no such upload for this conversation (expired, erased or another's)";

    public string Channel => ChannelNames.WebChat;

    public ValueTask<ImageDownload> OpenAsync(InboundMessage message, ImageAttachment image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        return OpenAsync(images, message, image.FileId, "Your picture has expired. Please send it again.", cancellationToken);
    }

    public ValueTask<ImageDownload> OpenAsync(InboundMessage message, VoiceAttachment voiceMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(voiceMessage);
        return OpenAsync(voice, message, voiceMessage.FileId, "Your voice message has expired. Please record it again.", cancellationToken);
    }

    private static async ValueTask<ImageDownload> OpenAsync(IUploadStore store, InboundMessage message, string id, string expired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return await store.GetAsync(ChannelNames.WebChat, message.From.UserId, id, cancellationToken) is { } stored
            ? ImageDownload.Opened(new MemoryStream(stored.Bytes, writable: false), stored.Bytes.Length)
            : ImageDownload.Refused(expired, NotHere);
    }
}
