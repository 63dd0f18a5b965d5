using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ChatHub.Adapters.Abstractions.Ingress;

/// <summary>How a webhook reads the raw body a platform posted, under the adapter's size cap.</summary>
internal static class WebhookBody
{
    private const int ChunkBytes = 16 * 1024;

    /// <summary>
    /// The body, or null when it is larger than <paramref name="maxBytes"/>: refused at once when the declared length is
    /// over it, and never more than one byte past it read (the server's own cap is set to <paramref name="maxBytes"/> + 1).
    /// Throws <see cref="BadHttpRequestException"/> when the body cannot be read.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(HttpContext context, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.ContentLength > maxBytes)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1L;
        }

        using var body = new MemoryStream((int)Math.Min(context.Request.ContentLength ?? ChunkBytes, maxBytes + 1L));
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            while (true)
            {
                var wanted = (int)Math.Min(chunk.Length, maxBytes + 1L - body.Length);
                var read = await context.Request.Body.ReadAsync(chunk.AsMemory(0, wanted), context.RequestAborted);
                if (read == 0)
                {
                    return body.ToArray();
                }

                body.Write(chunk, 0, read);
                if (body.Length > maxBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
