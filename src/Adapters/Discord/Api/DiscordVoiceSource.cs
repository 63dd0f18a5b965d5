using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Voice;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord.Api;

/// <summary>
/// Discord voice messages from the attachment's CDN URL, with the same check as pictures
/// (<see cref="DiscordImageSource.OpenAttachmentAsync"/>): only on Discord's CDN, no redirects, no token.
/// </summary>
internal sealed class DiscordVoiceSource(IHttpClientFactory factory, IOptions<DiscordOptions> options) : IVoiceSource
{
    private readonly DiscordImageSource _attachments = new(factory, options);

    public string Channel => ChannelNames.Discord;

    public ValueTask<ImageDownload> OpenAsync(InboundMessage message, VoiceAttachment voice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(voice);
        return _attachments.OpenAttachmentAsync(voice.Url, "voice message", cancellationToken);
    }
}
