using System.Net.Http.Headers;
using ChatHub.Adapters.Abstractions;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;

namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// Teams inline images from the attachment's <c>contentUrl</c>, with the bot's Bot Framework token, only when the URL is
/// on the conversation's own service URL host (scheme, host and port) and that service URL is an allowed Bot Framework
/// service (<see cref="ServiceUrlPolicy"/>): the token never goes to, and nothing is fetched from, an address the sender
/// put in the activity. No redirects are followed.
/// </summary>
internal sealed class BotFrameworkImageSource(IHttpClientFactory factory, BotFrameworkTokenProvider tokens, ServiceUrlPolicy policy) : IImageSource
{
    /// <summary>The name of the attachment download <see cref="HttpClient"/>.</summary>
    public const string HttpClientName = "ChatHub.BotFramework.Files";

    private const string NotFromTeams = "I could not open that picture: it is not stored with Teams.";

    public string Channel => ChannelNames.Teams;

    public async ValueTask<ImageDownload> OpenAsync(InboundMessage message, ImageAttachment image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(image);
        if (message.Properties?.GetValueOrDefault(BotFrameworkProperties.ServiceUrl) is not { } serviceUrl
            || !Uri.TryCreate(serviceUrl, UriKind.Absolute, out var service) || policy.Check(service) is not null)
        {
            return ImageDownload.Refused(NotFromTeams, "the conversation has no allowed service URL");
        }

        if (PlatformHosts.OnAny(image.Url, [service]) is not { } url || policy.Check(url) is not null)
        {
            return ImageDownload.Refused(NotFromTeams, "the attachment URL is not on the conversation's service host");
        }

        var token = await tokens.GetTokenAsync(cancellationToken);
        if (token.Value is not { } bearer)
        {
            return ImageDownload.Refused("I could not download your picture from Teams just now. Please try again.", "no Bot Framework token");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        var response = await factory.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return await ResponseStream.OpenAsync(response, "I could not download your picture from Teams. Please send it again.", "the service", cancellationToken);
    }
}
