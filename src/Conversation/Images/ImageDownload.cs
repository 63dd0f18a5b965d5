namespace ChatHub.Conversation.Images;

/// <summary>What an <see cref="IImageSource"/> opened: the bytes as a stream, or the reason it did not.</summary>
public sealed class ImageDownload : IAsyncDisposable
{
    private ImageDownload(Stream? content, long? length, string? refusal, string? logReason)
    {
        Content = content;
        Length = length;
        Refusal = refusal;
        LogReason = logReason;
    }

    /// <summary>The bytes (read at most the limit); null when refused.</summary>
    public Stream? Content { get; }

    /// <summary>The length the transfer announced (Content-Length), if any.</summary>
    public long? Length { get; }

    /// <summary>A sentence for the person when the image was not opened.</summary>
    public string? Refusal { get; }

    /// <summary>The operator's reason (our own words, no secrets, no URLs), for the log line.</summary>
    public string? LogReason { get; }

    public static ImageDownload Opened(Stream content, long? length) => new(content, length, null, null);

    public static ImageDownload Refused(string refusal, string logReason) => new(null, null, refusal, logReason);

    public ValueTask DisposeAsync() => Content?.DisposeAsync() ?? ValueTask.CompletedTask;
}
