using ChatHub.Adapters.Abstractions;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Discord.Rest;

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

    public async ValueTask<ImageDownload> OpenAsync(InboundMessage message, ImageAttachment image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (PlatformHosts.OnAny(image.Url, _bases) is not { } url)
        {
            return ImageDownload.Refused("I could not open that picture: it is not stored on Discord.", "the attachment URL is not on Discord's CDN");
        }

        var response = await factory.CreateClient(HttpClientName).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return await ResponseStream.OpenAsync(response, "I could not download your picture from Discord. Please send it again.", "the CDN", cancellationToken);
    }
}
