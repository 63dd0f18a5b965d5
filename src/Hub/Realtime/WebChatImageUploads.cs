using ChatHub.Adapters.WebChat;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Realtime;

/// <summary>
/// <c>POST /webchat/images</c>: the widget uploads one picture (the raw bytes as the body, its conversation's token as
/// <c>Authorization: Bearer</c>) and gets its id for <c>SendImage</c>. The body is bounded by
/// <see cref="ImageOptions.MaxBytes"/> (an announced larger one is refused before it is read), the type is told from
/// the first bytes (the declared Content-Type is ignored), and the bytes are kept in <see cref="IImageUploadStore"/> for
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

    private static async Task<Results<Created<WebChatImageUploaded>, ProblemHttpResult>> UploadAsync(
        HttpContext context, WebChatTokens tokens, WebChatRevocations revocations, IImageUploadStore uploads, IOptions<ImageOptions> options,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(WebChatImageUploads));
        var limit = options.Value.MaxBytes;
        var upload = await WebChatUploadBody.ReadAsync(context, tokens, revocations, limit, cancellationToken);
        if (upload.ConversationId is not { } conversationId)
        {
            return Refuse(logger, StatusCodes.Status401Unauthorized, "no valid web-chat token",
                "Join the chat first: the upload needs the conversation's token (Authorization: Bearer).");
        }

        if (upload.Bytes is not { } bytes)
        {
            var size = upload.TooLarge!.Value;
            return Refuse(logger, StatusCodes.Status413PayloadTooLarge,
                size > limit + 1 ? $"announced {size} bytes, over Images:MaxBytes" : "the body went over Images:MaxBytes", TooLarge(size, limit));
        }

        if (ImageFormats.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, ImageFormats.SniffLength))) is not { } mediaType)
        {
            return Refuse(logger, StatusCodes.Status415UnsupportedMediaType, "the bytes are not JPEG, PNG, WebP or GIF",
                "That file is not a picture I can read: send a JPEG, PNG, WebP or GIF.");
        }

        var stored = await uploads.PutAsync(ChannelNames.WebChat, conversationId, bytes, mediaType, cancellationToken);
        if (stored.Image is not { } image)
        {
            return Refuse(logger, StatusCodes.Status429TooManyRequests, "the upload store refused it (full, or too many for the conversation)", stored.Refusal!);
        }

        LogUploaded(logger, conversationId, bytes.Length, mediaType);
        return TypedResults.Created((string?)null, new WebChatImageUploaded(image.Id, mediaType, bytes.Length, image.ExpiresAt));
    }

    private static string TooLarge(long bytes, long limit) =>
        $"Your picture is too large ({(bytes > limit + 1 ? ImageFormats.Describe(bytes) : "over " + ImageFormats.Describe(limit))}; the limit is {ImageFormats.Describe(limit)}). Please send a smaller one.";

    private static ProblemHttpResult Refuse(ILogger logger, int status, string logReason, string detail)
    {
        LogRefused(logger, status, logReason);
        return TypedResults.Problem(detail, statusCode: status, title: "Picture not accepted");
    }

    [LoggerMessage(EventId = 1451, Level = LogLevel.Information, Message = "Web-chat picture upload refused ({Status}): {Reason}")]
    private static partial void LogRefused(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 1452, Level = LogLevel.Debug, Message = "Web-chat picture uploaded for {ConversationId}: {Bytes} bytes, {MediaType}")]
    private static partial void LogUploaded(ILogger logger, string conversationId, int bytes, string mediaType);
}
