using ChatHub.Adapters.WebChat;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Realtime;

/// <summary>
/// <c>Channels:WebChat:AllowedOrigins</c> enforced on <c>/hubs/chat</c> itself, not only as CORS: a browser runs a
/// cross-origin WebSocket (the widget skips negotiation) and sends the page's <c>Origin</c>, but CORS does not apply to
/// WebSockets, so without this any site could embed the hub. A request whose <c>Origin</c> is neither the hub's own
/// host nor an allowed origin gets 403, on negotiate and on the WebSocket upgrade alike. A request without
/// <c>Origin</c> (not from a browser page) passes: it has no page to protect and could name any origin anyway.
/// </summary>
internal static partial class WebChatOriginCheck
{
    public static IApplicationBuilder UseWebChatOriginCheck(this IApplicationBuilder app, PathString hubPath)
    {
        // Read at the first request, not while the pipeline is built: the web-chat options' post-configuration may open
        // the SQLite file (the stored token key), which must fail at start, not when the app is built.
        var services = app.ApplicationServices;
        var origins = new Lazy<(bool Any, HashSet<string> Allowed)>(() =>
        {
            var configured = services.GetRequiredService<IOptions<WebChatOptions>>().Value.AllowedOrigins;
            return (configured.Contains("*"), configured.Select(Normalize).ToHashSet(StringComparer.OrdinalIgnoreCase));
        });
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebChatOriginCheck));
        return app.Use(async (context, next) =>
        {
            var origin = context.Request.Headers.Origin.ToString();
            if (origin.Length > 0 && context.Request.Path.StartsWithSegments(hubPath) && !origins.Value.Any
                && !origins.Value.Allowed.Contains(Normalize(origin)) && !IsSameHost(origin, context.Request.Host))
            {
                LogRefused(logger, origin);
                await TypedResults.Problem(
                    statusCode: StatusCodes.Status403Forbidden,
                    detail: "This site is not allowed to use the chat (Channels:WebChat:AllowedOrigins).").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }

    /// <summary>The page is the hub's own when its origin names the host (and port) the request was sent to.</summary>
    private static bool IsSameHost(string origin, HostString host) =>
        host.HasValue && Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Authority, host.Value, StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string origin) => origin.Trim().TrimEnd('/');

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Web chat refused a page from origin {Origin} (not in Channels:WebChat:AllowedOrigins)")]
    private static partial void LogRefused(ILogger logger, UntrustedText origin);
}
