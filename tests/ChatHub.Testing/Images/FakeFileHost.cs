using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatHub.Testing.Images;

/// <summary>
/// A loopback HTTP server (127.0.0.1, port 0) that serves registered files at their paths and records every request:
/// Discord's CDN in tests (<c>/attachments/{channel}/{id}/{name}</c>, signed query ignored), or an internal address
/// a forged attachment points at (an SSRF target: the test asserts it was never requested).
/// </summary>
public sealed class FakeFileHost : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (byte[] Bytes, string ContentType)> _files = new(StringComparer.Ordinal);
    private readonly List<string> _requests = [];
    private readonly WebApplication _app;

    private FakeFileHost(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request's path and query, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeFileHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var host = new FakeFileHost(app);
        app.Run(host.HandleAsync);
        await app.StartAsync();
        host.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return host;
    }

    /// <summary>Serves <paramref name="bytes"/> at <paramref name="path"/>; returns its absolute URL (with <paramref name="query"/>).</summary>
    public string Add(string path, byte[] bytes, string contentType = "image/png", string query = "")
    {
        lock (_gate)
        {
            _files[path] = (bytes, contentType);
        }

        return new Uri(BaseAddress, path.TrimStart('/') + query).ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        (byte[] Bytes, string ContentType) file;
        bool found;
        lock (_gate)
        {
            _requests.Add(context.Request.Path + context.Request.QueryString);
            found = _files.TryGetValue(context.Request.Path.Value ?? "", out file);
        }

        if (!found)
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = file.ContentType;
        context.Response.ContentLength = file.Bytes.Length;
        await context.Response.Body.WriteAsync(file.Bytes, context.RequestAborted);
    }
}
