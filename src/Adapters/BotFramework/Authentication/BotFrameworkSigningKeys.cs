using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;

namespace ChatHub.Adapters.BotFramework.Authentication;

/// <summary>The two key caches: the Bot Connector's (always) and Entra ID's (unless turned off).</summary>
internal sealed class BotFrameworkSigningKeys : IDisposable
{
    /// <summary>The name of the <see cref="HttpClient"/> for metadata and keys.</summary>
    public const string HttpClientName = "ChatHub.BotFramework.Metadata";

    public BotFrameworkSigningKeys(IHttpClientFactory factory, IOptions<BotFrameworkOptions> options, TimeProvider time, ILogger<BotFrameworkSigningKeys> logger)
    {
        var value = options.Value;
        // A client per fetch (the factory rotates handlers); https only unless AllowInsecureHttp (validated at start).
        IDocumentRetriever Retriever() => new HttpDocumentRetriever(factory.CreateClient(HttpClientName)) { RequireHttps = !value.AllowInsecureHttp };
        BotConnector = new OpenIdMetadataCache(value.OpenIdMetadataUrl, Retriever, value, time, logger);
        Entra = value.EntraOpenIdMetadataUrl is { } entra ? new OpenIdMetadataCache(entra, Retriever, value, time, logger) : null;
    }

    public OpenIdMetadataCache BotConnector { get; }

    public OpenIdMetadataCache? Entra { get; }

    public void Dispose()
    {
        BotConnector.Dispose();
        Entra?.Dispose();
    }
}
