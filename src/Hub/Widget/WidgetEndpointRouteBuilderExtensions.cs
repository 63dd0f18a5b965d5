using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace ChatHub.Hub.Widget;

/// <summary>
/// Serves the web chat: the full-page chat at <c>/</c> (<c>wwwroot/index.html</c>) and the embeddable widget at
/// <c>/widget.js</c> (<c>wwwroot/dist/widget.js</c>, bundled from <c>src/Hub/Widget</c> by <c>Widget.targets</c>).
/// </summary>
public static class WidgetEndpointRouteBuilderExtensions
{
    private const string PagePath = "index.html";
    private const string ScriptPath = "dist/widget.js";
    private const string SourceMapPath = "dist/widget.js.map";

    // Sites embed /widget.js under a fixed URL, so it cannot be cached forever: a short max-age lets a deploy reach
    // them within minutes, and the ETag/Last-Modified validators make the revalidation a 304.
    private const string ScriptCacheControl = "public, max-age=300";
    private const string PageCacheControl = "no-cache";

    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    // Publish writes Brotli and gzip siblings of every static web asset (widget.js: 85 KB -> 21 KB as .br).
    private static readonly (string Encoding, string Extension)[] Precompressed = [("br", ".br"), ("gzip", ".gz")];

    /// <summary>Maps <c>GET /</c> (chat page), <c>GET /widget.js</c> and <c>GET /widget.js.map</c>.</summary>
    /// <returns>The group of these endpoints, for conventions such as rate limiting.</returns>
    public static IEndpointConventionBuilder MapWidget(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var group = endpoints.MapGroup(string.Empty).ExcludeFromDescription();
        group.MapMethods("/", GetAndHead, (HttpContext context, IWebHostEnvironment environment) =>
            ServeFile(context, environment, PagePath, "text/html; charset=utf-8", PageCacheControl, embeddable: false));
        group.MapMethods("/widget.js", GetAndHead, (HttpContext context, IWebHostEnvironment environment) =>
            ServeFile(context, environment, ScriptPath, "text/javascript; charset=utf-8", ScriptCacheControl, embeddable: true));
        group.MapMethods("/widget.js.map", GetAndHead, (HttpContext context, IWebHostEnvironment environment) =>
            ServeFile(context, environment, SourceMapPath, "application/json; charset=utf-8", ScriptCacheControl, embeddable: true));
        return group;
    }

    private static Results<PhysicalFileHttpResult, FileStreamHttpResult, NotFound> ServeFile(
        HttpContext context, IWebHostEnvironment environment, string subpath, string contentType, string cacheControl, bool embeddable)
    {
        var files = environment.WebRootFileProvider;
        var file = files.GetFileInfo(subpath);
        if (!file.Exists || file.IsDirectory)
        {
            return TypedResults.NotFound();
        }

        var headers = context.Response.Headers;
        headers.Vary = HeaderNames.AcceptEncoding;
        foreach (var (encoding, extension) in Precompressed)
        {
            if (AcceptsEncoding(context.Request, encoding) && files.GetFileInfo(subpath + extension) is { Exists: true } compressed)
            {
                file = compressed;
                headers.ContentEncoding = encoding;
                break;
            }
        }

        headers.CacheControl = cacheControl;
        headers.XContentTypeOptions = "nosniff";
        if (embeddable)
        {
            // Other sites load the script: allow <script crossorigin integrity=...> and pages with COEP.
            headers.AccessControlAllowOrigin = "*";
            headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        }

        var lastModified = file.LastModified;
        var entityTag = CreateEntityTag(file);
        return file.PhysicalPath is { } physicalPath
            ? TypedResults.PhysicalFile(physicalPath, contentType, lastModified: lastModified, entityTag: entityTag)
            : TypedResults.Stream(file.CreateReadStream(), contentType, lastModified: lastModified, entityTag: entityTag);
    }

    private static bool AcceptsEncoding(HttpRequest request, string encoding)
    {
        foreach (var accepted in request.GetTypedHeaders().AcceptEncoding)
        {
            if (accepted.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) && accepted.Quality is not 0)
            {
                return true;
            }
        }

        return false;
    }

    // The same validator as StaticFileMiddleware: the file's timestamp and length, identical on every replica of an image.
    private static EntityTagHeaderValue CreateEntityTag(IFileInfo file)
    {
        var hash = file.LastModified.ToFileTime() ^ file.Length;
        return new EntityTagHeaderValue("\"" + hash.ToString("x", CultureInfo.InvariantCulture) + "\"");
    }
}
