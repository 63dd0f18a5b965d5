using ChatHub.Adapters.WebChat;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Realtime;

/// <summary>
/// <c>POST /webchat/images</c>: the widget uploads one picture (the raw bytes as the body, its conversation's token as
/// <c>Authorization: Bearer</c>) and gets its id for <c>SendImage</c>. The body is bounded by
/// <see cref="ImageOptions.MaxBytes"/> (an announced larger one is refused before it is read), the type is told from
/// the first bytes (the declared Content-Type is ignored), and the bytes are kept in the keyed <see cref="IUploadStore"/> for
/// <see cref="ImageOptions.UploadTtl"/>. Every refusal is a 4xx problem with the reason and one log line.
/// </summary>
public static partial class WebChatImageUploads
{
    public const string Path = "/webchat/images";

    /// <summary>Maps the upload endpoint; returns its builder (for CORS).</summary>
    public static RouteHandlerBuilder MapWebChatImageUploads(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(Path, UploadAsync).DisableAntiforgery().ExcludeFromDescription();
    }

    private static readonly WebChatUploadKind Picture = new(
        "Your picture", "Images:MaxBytes", "Picture not accepted",
        bytes => ImageFormats.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, ImageFormats.SniffLength))),
        "the bytes are not JPEG, PNG, WebP or GIF", "That file is not a picture I can read: send a JPEG, PNG, WebP or GIF.",
        "Please send a smaller one.");

    private static async Task<Results<Created<WebChatImageUploaded>, ProblemHttpResult>> UploadAsync(
        HttpContext context, WebChatTokens tokens, WebChatRevocations revocations, [FromKeyedServices(UploadKind.Images)] IUploadStore uploads, IOptions<ImageOptions> options,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(WebChatImageUploads));
        var (image, conversationId, problem) = await WebChatUploadFlow.RunAsync(
            context, tokens, revocations, options.Value.MaxBytes, Picture,
            uploads,
            (status, reason) => LogRefused(logger, status, reason),
            cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        LogUploaded(logger, conversationId!, image!.Bytes.Length, image.MediaType);
        return TypedResults.Created((string?)null, new WebChatImageUploaded(image.Id, image.MediaType, image.Bytes.Length, image.ExpiresAt));
    }

    [LoggerMessage(EventId = 1451, Level = LogLevel.Information, Message = "Web-chat picture upload refused ({Status}): {Reason}")]
    private static partial void LogRefused(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 1452, Level = LogLevel.Debug, Message = "Web-chat picture uploaded for {ConversationId}: {Bytes} bytes, {MediaType}")]
    private static partial void LogUploaded(ILogger logger, string conversationId, int bytes, string mediaType);
}
