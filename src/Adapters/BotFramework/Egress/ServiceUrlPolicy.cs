using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// Decides whether the bot's token may be sent to a service URL: https (http only with
/// <see cref="BotFrameworkOptions.AllowInsecureHttp"/>), no credentials in it, and — when
/// <see cref="BotFrameworkOptions.AllowedServiceUrls"/> is set — under one of the allowed prefixes (scheme, host
/// and port equal; path a prefix at a segment boundary). Inbound validation already binds a Bot Connector token's
/// <c>serviceurl</c> to the activity; this is the second lock, checked before any token is requested.
/// </summary>
internal sealed class ServiceUrlPolicy
{
    private readonly bool _allowInsecureHttp;
    private readonly Uri[] _allowed;

    public ServiceUrlPolicy(IOptions<BotFrameworkOptions> options)
    {
        var value = options.Value;
        _allowInsecureHttp = value.AllowInsecureHttp;
        _allowed = [.. value.AllowedServiceUrls.Select(u => new Uri(u, UriKind.Absolute))];
    }

    /// <summary>Null when allowed; otherwise why not.</summary>
    public string? Check(Uri serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        if (!BotFrameworkOptionsValidator.IsAllowedScheme(serviceUrl, _allowInsecureHttp))
        {
            return $"the service URL {serviceUrl.Scheme}://{serviceUrl.Authority} is not https";
        }

        if (serviceUrl.UserInfo.Length > 0)
        {
            return "the service URL carries credentials";
        }

        if (_allowed.Length > 0 && !_allowed.Any(a => IsUnder(serviceUrl, a)))
        {
            return $"the service URL {serviceUrl.Scheme}://{serviceUrl.Authority} is not in AllowedServiceUrls";
        }

        return null;
    }

    private static bool IsUnder(Uri url, Uri allowed)
    {
        if (!string.Equals(url.Scheme, allowed.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(url.IdnHost, allowed.IdnHost, StringComparison.OrdinalIgnoreCase)
            || url.Port != allowed.Port)
        {
            return false;
        }

        var prefix = allowed.AbsolutePath.EndsWith('/') ? allowed.AbsolutePath : allowed.AbsolutePath + "/";
        var path = url.AbsolutePath.EndsWith('/') ? url.AbsolutePath : url.AbsolutePath + "/";
        return path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
    }
}
