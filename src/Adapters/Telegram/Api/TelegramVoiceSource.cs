using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Voice;

namespace ChatHub.Adapters.Telegram.Api;

/// <summary>
/// Telegram voice notes by <c>file_id</c>, the way photos are fetched (<see cref="TelegramImageSource.OpenFileAsync"/>):
/// <c>getFile</c> on the configured Bot API, then the download from the same host with the bot token.
/// </summary>
internal sealed class TelegramVoiceSource(TelegramBotApi api) : IVoiceSource
{
    public string Channel => ChannelNames.Telegram;

    public ValueTask<ImageDownload> OpenAsync(InboundMessage message, VoiceAttachment voice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(voice);
        return TelegramImageSource.OpenFileAsync(api, voice.FileId, "I could not get your voice message from Telegram. Please send it again.", cancellationToken);
    }
}
