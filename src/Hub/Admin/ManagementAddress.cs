using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Admin;

/// <summary>
/// The separate management address of <see cref="AdminOptions.Urls"/>: a request is a management request when it
/// arrived on one of its ports (the connection's local port, which the client cannot choose, unlike the Host header).
/// </summary>
public sealed class ManagementAddress
{
    private static readonly string[] ManagementPaths = ["/admin", "/metrics", "/readyz", "/healthz"];

    private readonly HashSet<int> _ports;

    public ManagementAddress(IOptions<AdminOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Urls = TryParse(options.Value.Urls, out var urls, out _) ? urls : []; // malformed: refused by AdminOptionsValidator at start
        _ports = [.. Urls.Select(u => u.Port)];
    }

    /// <summary>The management URLs (empty: none; everything is served on the public address).</summary>
    public IReadOnlyList<Uri> Urls { get; }

    public bool IsSeparate => _ports.Count > 0;

    /// <summary>True when <paramref name="context"/> arrived on the management address.</summary>
    public bool IsManagement(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _ports.Contains(context.Connection.LocalPort);
    }

    /// <summary>
    /// With a separate address: is this path served on the address the request arrived on? The management address
    /// serves only <c>/admin</c>, <c>/metrics</c>, <c>/readyz</c> and <c>/healthz</c>; the public one all but the first two.
    /// </summary>
    public bool Serves(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!IsSeparate)
        {
            return true;
        }

        var path = context.Request.Path;
        if (IsManagement(context))
        {
            return ManagementPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
        }

        return !path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses <c>Admin:Urls</c> (<c>;</c>-separated); false with the problem when a URL is not absolute http(s) with a port.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IReadOnlyList<Uri>? urls, out string? problem)
    {
        urls = null;
        problem = null;
        var parsed = new List<Uri>();
        foreach (var part in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcard hosts (http://*:9090, http://+:9090) are not URIs: read them as any host.
            var candidate = part.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal);
            if (!Uri.TryCreate(candidate, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
                || url.IsDefaultPort || url.Port <= 0 || !candidate.Contains($":{url.Port}", StringComparison.Ordinal))
            {
                problem = $"Admin:Urls: '{part}' must be an absolute http or https URL with a port of its own, e.g. http://127.0.0.1:9090.";
                return false;
            }

            parsed.Add(url);
        }

        urls = parsed;
        return true;
    }
}
