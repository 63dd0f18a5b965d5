using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Images;

/// <summary>
/// Turns a message's <see cref="ImageAttachment"/>s into image parts for the model: when the model cannot look at
/// images (<see cref="IModelImageSupport"/>) it fetches nothing and says so politely; otherwise each image is checked
/// (declared type and size), fetched by its channel's <see cref="IImageSource"/> within <see cref="ImageOptions.FetchTimeout"/>,
/// read to at most <see cref="ImageOptions.MaxBytes"/> and its type told from its first bytes. Each refusal is one log line
/// and one sentence for the person; the bytes live only in the returned parts.
/// </summary>
public sealed partial class ImageResolver
{
    /// <summary>Said when the model cannot look at images.</summary>
    public const string CannotLookReply = "I can't look at images yet, so I could not see your picture.";

    /// <summary>Added when the message had no text to answer besides the picture.</summary>
    public const string DescribeInWords = " If you describe it in words, I'll gladly help.";

    private readonly IModelImageSupport _support;
    private readonly Dictionary<string, IImageSource> _sources;
    private readonly ImageOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ImageResolver> _logger;

    public ImageResolver(
        IModelImageSupport support, IEnumerable<IImageSource> sources, IOptions<ImageOptions> options, TimeProvider time, ILogger<ImageResolver> logger)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _support = support;
        _sources = sources.ToDictionary(source => source.Channel, StringComparer.Ordinal);
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<ImageInput> ResolveAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Images is not { Count: > 0 } images)
        {
            return ImageInput.None;
        }

        var hasText = !string.IsNullOrWhiteSpace(message.Text);
        if (!_support.AcceptsImages)
        {
            LogNoVision(_logger, message.Id, images.Count);
            return new ImageInput([], CannotLookReply + (hasText ? " Here is my answer to your text." : DescribeInWords));
        }

        var parts = new List<AIContent>();
        var refusals = new List<string>();
        foreach (var image in images.Take(_options.MaxPerMessage))
        {
            var (part, refusal) = await FetchAsync(message, image, cancellationToken);
            if (part is not null)
            {
                parts.Add(part);
            }
            else if (refusal is not null && !refusals.Contains(refusal))
            {
                refusals.Add(refusal);
            }
        }

        if (images.Count > _options.MaxPerMessage)
        {
            refusals.Add($"I look at {_options.MaxPerMessage} pictures of a message at most; I left out the other {images.Count - _options.MaxPerMessage}.");
        }

        return new ImageInput(parts, refusals.Count == 0 ? null : string.Join(" ", refusals));
    }

    private async ValueTask<(DataContent? Part, string? Refusal)> FetchAsync(InboundMessage message, ImageAttachment image, CancellationToken cancellationToken)
    {
        var channel = message.Conversation.Channel;
        if (!ImageFormats.MayBeAllowed(image.DeclaredType))
        {
            return Refuse(message, "the declared type is not an accepted image type", "I can only look at JPEG, PNG, WebP and GIF pictures.");
        }

        if (image.DeclaredBytes > _options.MaxBytes)
        {
            return Refuse(message, $"declared size {image.DeclaredBytes} bytes is over Images:MaxBytes", TooLarge(image.DeclaredBytes.Value));
        }

        if (image.Channel != channel || !_sources.TryGetValue(channel, out var source))
        {
            return Refuse(message, "no image source for the channel", "I can't open pictures sent from here yet.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.FetchTimeout);
        try
        {
            await using var download = await source.OpenAsync(message, image, timeout.Token);
            if (download.Content is not { } content)
            {
                return Refuse(message, download.LogReason ?? "refused by the source", download.Refusal ?? "I could not open your picture.");
            }

            if (download.Length > _options.MaxBytes)
            {
                return Refuse(message, $"announced length {download.Length} bytes is over Images:MaxBytes", TooLarge(download.Length.Value));
            }

            var bytes = await ReadBoundedAsync(content, _options.MaxBytes, timeout.Token);
            if (bytes is null)
            {
                return Refuse(message, "the transfer went over Images:MaxBytes", TooLarge(_options.MaxBytes + 1));
            }

            if (ImageFormats.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, ImageFormats.SniffLength))) is not { } mediaType)
            {
                return Refuse(message, "the bytes are not JPEG, PNG, WebP or GIF", "I can only look at JPEG, PNG, WebP and GIF pictures.");
            }

            LogFetched(_logger, message.Id, channel, bytes.Length, mediaType);
            return (new DataContent(bytes, mediaType), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Refuse(message, $"no answer within {_options.FetchTimeout}", "I could not download your picture in time. Please try again.");
        }
        catch (HttpRequestException e)
        {
            return Refuse(message, $"download failed ({e.HttpRequestError})", "I could not download your picture. Please try again.");
        }
        catch (IOException)
        {
            return Refuse(message, "download broke off", "I could not download your picture. Please try again.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A picture that cannot be had never fails the message: its text is still answered. The type only: an
            // exception's message may carry a platform URL.
            return Refuse(message, $"the source failed ({e.GetType().Name})", "I could not download your picture. Please try again.");
        }
    }

    private string TooLarge(long bytes) =>
        $"Your picture is too large ({ImageFormats.Describe(bytes)}; the limit is {ImageFormats.Describe(_options.MaxBytes)}). Please send a smaller one.";

    private (DataContent?, string?) Refuse(InboundMessage message, string logReason, string refusal)
    {
        LogRefused(_logger, message.Id, message.Conversation.Channel, logReason);
        return (null, refusal);
    }

    /// <summary>The whole stream, or null as soon as it goes over <paramref name="limit"/> bytes.</summary>
    public static async ValueTask<byte[]?> ReadBoundedAsync(Stream content, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var read = await content.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }
    }

    [LoggerMessage(EventId = 3981, Level = LogLevel.Information, Message = "Message {MessageId} has {Count} image(s), but the model cannot look at images: the person is told")]
    private static partial void LogNoVision(ILogger logger, string messageId, int count);

    [LoggerMessage(EventId = 3982, Level = LogLevel.Information, Message = "Image of message {MessageId} from {Channel} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string messageId, string channel, UntrustedText reason);

    [LoggerMessage(EventId = 3983, Level = LogLevel.Debug, Message = "Image of message {MessageId} from {Channel} fetched: {Bytes} bytes, {MediaType}")]
    private static partial void LogFetched(ILogger logger, string messageId, string channel, int bytes, string mediaType);
}
