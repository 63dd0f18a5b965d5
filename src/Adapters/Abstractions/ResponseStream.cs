using ChatHub.Conversation.Images;

namespace ChatHub.Adapters.Abstractions;

/// <summary>A response's content stream that disposes its response with it (for an image download handed to the worker).</summary>
internal sealed class ResponseStream(HttpResponseMessage response, Stream content) : Stream
{
    /// <summary>
    /// A download's response as an <see cref="ImageDownload"/>: its body (the response disposed with the stream), or, for
    /// a status other than success, <paramref name="refusal"/> for the person and "{<paramref name="who"/>} answered {status}".
    /// </summary>
    public static async ValueTask<ImageDownload> OpenAsync(HttpResponseMessage response, string refusal, string who, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            return ImageDownload.Refused(refusal, $"{who} answered {status}");
        }

        return ImageDownload.Opened(
            new ResponseStream(response, await response.Content.ReadAsStreamAsync(cancellationToken)), response.Content.Headers.ContentLength);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => content.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        content.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        content.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            content.Dispose();
            response.Dispose();
        }

        base.Dispose(disposing);
    }
}
