using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ChatHub.Hub.Extensions;

/// <summary>
/// <c>ForwardedHeaders</c>: behind a reverse proxy or load balancer, name the proxies whose <c>X-Forwarded-For</c>
/// (and <c>X-Forwarded-Proto</c>) the hub believes. Only then is a client's address (for the per-address limits of the
/// web chat and the Telegram webhook) the forwarded one; without it the header is ignored, since any client could send
/// it. (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c> believes every proxy: only where nothing else can reach the hub.)
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. <c>10.0.0.10</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies (entries of <c>X-Forwarded-For</c>, from the right) to read.</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool IsConfigured => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    public bool IsValid() =>
        ForwardLimit >= 1 && KnownProxies.All(p => IPAddress.TryParse(p, out _)) && KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _));

    public ForwardedHeadersOptions ToOptions()
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = ForwardLimit,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        return options;
    }
}
