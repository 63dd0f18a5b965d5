using ChatHub.Adapters.Abstractions;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord.Api;

/// <summary>
/// Discord image attachments from the attachment's CDN URL, only when that URL is on Discord's CDN
/// (<see cref="DiscordOptions.CdnBaseUrls"/>): a URL pointing elsewhere (an internal address, an admin endpoint) is
/// refused, never requested. No redirects are followed. The CDN URLs are signed; no bot token is sent.
/// </summary>
internal sealed class DiscordImageSource(IHttpClientFactory factory, IOptions<DiscordOptions> options) : IImageSource
{
    /// <summary>The name of the CDN download <see cref="HttpClient"/>.</summary>
    public const string HttpClientName = "ChatHub.Discord.Cdn";

    private readonly IReadOnlyList<Uri> _bases = options.Value.CdnBaseUrls is { Length: > 0 } configured ? configured : DiscordOptions.DefaultCdnBaseUrls;

    public string Channel => ChannelNames.Discord;

    public ValueTask<ImageDownload> OpenAsync(InboundMessage message, ImageAttachment image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        return OpenAttachmentAsync(image.Url, "picture", cancellationToken);
    }

    /// <summary>An attachment (a picture, a voice message) from its CDN URL, only when that URL is on Discord's CDN.</summary>
    internal async ValueTask<ImageDownload> OpenAttachmentAsync(string? attachmentUrl, string what, CancellationToken cancellationToken)
    {
        if (PlatformHosts.OnAny(attachmentUrl, _bases) is not { } url)
        {
            return ImageDownload.Refused($"I could not open that {what}: it is not stored on Discord.", "the attachment URL is not on Discord's CDN");
        }

        var response = await factory.CreateClient(HttpClientName).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return await ResponseStream.OpenAsync(response, $"I could not download your {what} from Discord. Please send it again.", "the CDN", cancellationToken);
    }
}
