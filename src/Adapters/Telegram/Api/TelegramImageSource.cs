using ChatHub.Adapters.Abstractions;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.Telegram.Api;

/// <summary>
/// Telegram photos by <c>file_id</c>: <c>getFile</c> on the configured Bot API, then the file's download from the same
/// API host with the bot token (the only address ever fetched; nothing in an update names a URL). A file Telegram says
/// is over the limit is not downloaded.
/// </summary>
internal sealed class TelegramImageSource(TelegramBotApi api) : IImageSource
{
    public string Channel => ChannelNames.Telegram;

    public ValueTask<ImageDownload> OpenAsync(InboundMessage message, ImageAttachment image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        return OpenFileAsync(api, image.FileId, "I could not get your picture from Telegram. Please send it again, or a smaller one.", cancellationToken);
    }

    /// <summary>Any file by <c>file_id</c> (photos, voice notes): <c>getFile</c>, then the download; <paramref name="refusal"/> when Telegram has no path for it.</summary>
    internal static async ValueTask<ImageDownload> OpenFileAsync(TelegramBotApi api, string fileId, string refusal, CancellationToken cancellationToken)
    {
        var file = await api.GetFileAsync(fileId, cancellationToken);
        if (file.Value is not { FilePath: { Length: > 0 } path } found)
        {
            // getFile fails for files over the Bot API's 20 MB download limit, among others.
            return ImageDownload.Refused(refusal, $"getFile failed ({file.Error?.Kind.ToString() ?? "no file path"})");
        }

        var response = await api.OpenFileAsync(path, cancellationToken);
        var length = response.Content.Headers.ContentLength ?? found.FileSize;
        return ImageDownload.Opened(new ResponseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken)), length);
    }
}
