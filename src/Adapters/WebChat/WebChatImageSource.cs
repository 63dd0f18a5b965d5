using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.WebChat;

/// <summary>
/// Web-chat pictures from the hub's own upload store, by upload id, only the sender's own (the store's owner is the
/// conversation that uploaded it). Nothing is fetched over the network.
/// </summary>
internal sealed class WebChatImageSource(IImageUploadStore uploads) : IImageSource
{
    public string Channel => ChannelNames.WebChat;

    public async ValueTask<ImageDownload> OpenAsync(InboundMessage message, ImageAttachment image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(image);
        return await uploads.GetAsync(ChannelNames.WebChat, message.From.UserId, image.FileId, cancellationToken) is { } stored
            ? ImageDownload.Opened(new MemoryStream(stored.Bytes, writable: false), stored.Bytes.Length)
            : ImageDownload.Refused("Your picture has expired. Please send it again.", "no such upload for this conversation (expired, erased or another's)");
    }
}
