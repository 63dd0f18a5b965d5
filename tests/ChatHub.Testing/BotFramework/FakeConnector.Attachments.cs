using Microsoft.AspNetCore.Http;

namespace ChatHub.Testing.BotFramework;

/// <summary>
/// Attachments, as the Teams connector serves a pasted picture: <c>GET {serviceUrl}v3/attachments/{id}/views/original</c>
/// with the bot's bearer token (401 without one). Each download is recorded with its Authorization header.
/// </summary>
public sealed partial class FakeConnector
{
    private readonly Dictionary<string, byte[]> _attachments = new(StringComparer.Ordinal);
    private readonly List<(string Path, string Authorization)> _attachmentDownloads = [];

    /// <summary>The attachment downloads (path, Authorization header), in order.</summary>
    public IReadOnlyList<(string Path, string Authorization)> AttachmentDownloads
    {
        get
        {
            lock (_gate)
            {
                return [.. _attachmentDownloads];
            }
        }
    }

    /// <summary>Makes a picture downloadable; returns its content URL (on <see cref="ServiceUrl"/>'s host), as Teams puts it in the activity.</summary>
    public string AddAttachment(string id, byte[] bytes)
    {
        lock (_gate)
        {
            _attachments[id] = bytes;
        }

        return new Uri(new Uri(ServiceUrl), $"v3/attachments/{id}/views/original").ToString();
    }

    private async Task ServeAttachmentAsync(HttpContext context, string path)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var segments = path[(path.IndexOf("/v3/attachments/", StringComparison.Ordinal) + "/v3/attachments/".Length)..].Split('/');
        byte[]? bytes;
        lock (_gate)
        {
            _attachmentDownloads.Add((path, authorization));
            bytes = _attachments.GetValueOrDefault(Uri.UnescapeDataString(segments[0]));
        }

        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 401;
            return;
        }

        if (bytes is null || segments is not [_, "views", "original"])
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = "image/png";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
