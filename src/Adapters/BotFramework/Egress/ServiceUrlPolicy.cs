using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// Decides whether a service URL is one of the Bot Framework / Teams services the bot talks to: https (http only
/// with <see cref="BotFrameworkOptions.AllowInsecureHttp"/>), no credentials in it, and under one of
/// <see cref="BotFrameworkOptions.EffectiveAllowedServiceUrls"/> (the Microsoft hosts by default, plus the configured
/// ones). Checked three times, independently: at ingress for an activity whose serviceUrl no Bot Connector token
/// vouches for, and before the serviceUrl of a conversation is stored; in the sender before a token is even requested;
/// and in <see cref="BotConnectorClient"/> on the final request URL, right before the bearer token is attached.
/// </summary>
internal sealed class ServiceUrlPolicy
{
    private readonly bool _allowInsecureHttp;
    private readonly ServiceUrlPrefix[] _allowed;

    public ServiceUrlPolicy(IOptions<BotFrameworkOptions> options)
    {
        var value = options.Value;
        _allowInsecureHttp = value.AllowInsecureHttp;
        // Validated at start: every entry parses.
        _allowed = [.. value.EffectiveAllowedServiceUrls.Select(ServiceUrlPrefix.Parse).OfType<ServiceUrlPrefix>()];
    }

    /// <summary>Null when allowed; otherwise why not.</summary>
    public string? Check(Uri serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        if (!serviceUrl.IsAbsoluteUri)
        {
            return "the service URL is not absolute";
        }

        if (!BotFrameworkOptionsValidator.IsAllowedScheme(serviceUrl, _allowInsecureHttp))
        {
            return $"the service URL {serviceUrl.Scheme}://{serviceUrl.Authority} is not https";
        }

        if (serviceUrl.UserInfo.Length > 0)
        {
            return "the service URL carries credentials";
        }

        return _allowed.Any(a => a.Covers(serviceUrl))
            ? null
            : $"the service URL {serviceUrl.Scheme}://{serviceUrl.Authority} is not a Bot Framework service (AllowedServiceUrls)";
    }

    /// <summary>Null when <paramref name="serviceUrl"/> is an absolute URL that is allowed; otherwise why not.</summary>
    public string? Check(string? serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) ? Check(uri) : "the service URL is not an absolute URL";
}
