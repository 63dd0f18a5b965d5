namespace ChatHub.Adapters.Abstractions;

/// <summary>
/// The check that keeps a URL from a payload from becoming a request to wherever its sender chose (SSRF): a file is
/// fetched only from a platform's own hosts, matched by scheme, host and port, with no user info in the URL.
/// </summary>
internal static class PlatformHosts
{
    /// <summary>The URL parsed, when it is an absolute http(s) URL on one of <paramref name="bases"/>; otherwise null.</summary>
    public static Uri? OnAny(string? url, IEnumerable<Uri> bases)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.UserInfo.Length > 0)
        {
            return null;
        }

        return bases.Any(b => b.IsAbsoluteUri && string.Equals(b.Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(b.IdnHost, uri.IdnHost, StringComparison.OrdinalIgnoreCase) && b.Port == uri.Port) ? uri : null;
    }

    /// <summary>A handler for file downloads: redirects are not followed (a redirect could lead anywhere).</summary>
    public static SocketsHttpHandler DownloadHandler() => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = 32,
    };
}
