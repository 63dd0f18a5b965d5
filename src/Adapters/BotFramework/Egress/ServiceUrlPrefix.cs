namespace ChatHub.Adapters.BotFramework.Egress;

/// <summary>
/// One entry of the service URL allow-list: scheme, host and port equal, and the path a prefix at a segment
/// boundary. A host written <c>*.example.com</c> matches any subdomain of <c>example.com</c> (not the name itself).
/// </summary>
internal sealed record ServiceUrlPrefix(Uri Url, bool AnySubdomain)
{
    private const string Wildcard = "*.";

    /// <summary>The entry, or null when it is not an absolute URL without credentials, query and fragment.</summary>
    public static ServiceUrlPrefix? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var anySubdomain = scheme > 0 && string.CompareOrdinal(text, scheme + 3, Wildcard, 0, Wildcard.Length) == 0;
        var rest = anySubdomain ? string.Concat(text.AsSpan(0, scheme + 3), text.AsSpan(scheme + 3 + Wildcard.Length)) : text;
        if (!Uri.TryCreate(rest, UriKind.Absolute, out var url) || (anySubdomain && url.HostNameType != UriHostNameType.Dns)
            || url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0 || url.Host.Length == 0
            || (anySubdomain && !url.Host.Contains('.', StringComparison.Ordinal)))
        {
            return null;
        }

        return new ServiceUrlPrefix(url, anySubdomain);
    }

    /// <summary>True when <paramref name="serviceUrl"/> lies under this entry.</summary>
    public bool Covers(Uri serviceUrl)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        if (!string.Equals(serviceUrl.Scheme, Url.Scheme, StringComparison.OrdinalIgnoreCase) || serviceUrl.Port != Url.Port)
        {
            return false;
        }

        var host = serviceUrl.IdnHost;
        var allowed = Url.IdnHost;
        var hostMatches = AnySubdomain
            ? host.Length > allowed.Length + 1 && host.EndsWith("." + allowed, StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, allowed, StringComparison.OrdinalIgnoreCase);
        if (!hostMatches)
        {
            return false;
        }

        var prefix = Url.AbsolutePath.EndsWith('/') ? Url.AbsolutePath : Url.AbsolutePath + "/";
        var path = serviceUrl.AbsolutePath.EndsWith('/') ? serviceUrl.AbsolutePath : serviceUrl.AbsolutePath + "/";
        return path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
    }

    public override string ToString() => AnySubdomain
        ? $"{Url.Scheme}://{Wildcard}{Url.Authority}{Url.AbsolutePath}"
        : Url.AbsoluteUri;
}
