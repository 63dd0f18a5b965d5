using ChatHub.Adapters.WebChat;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Voice;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Realtime;

/// <summary>
/// <c>POST /webchat/voice</c>: the widget uploads one recording (the raw bytes as the body: WebM or Ogg Opus, as the
/// browser's MediaRecorder makes it; its conversation's token as <c>Authorization: Bearer</c>) and gets its id for
/// <c>SendVoice</c>. As <see cref="WebChatImageUploads"/>: the body bounded by <see cref="VoiceOptions.MaxBytes"/> (an
/// announced larger one refused before it is read), the type told from the first bytes, the bytes kept in
/// <see cref="IVoiceUploadStore"/> for <see cref="VoiceOptions.UploadTtl"/>; every refusal a 4xx problem with the
/// reason and one log line.
/// </summary>
public static partial class WebChatVoiceUploads
{
    public const string Path = "/webchat/voice";

    /// <summary>Maps the upload endpoint; returns its builder (for CORS).</summary>
    public static RouteHandlerBuilder MapWebChatVoiceUploads(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints.MapPost(Path, UploadAsync).DisableAntiforgery().ExcludeFromDescription();
    }

    private static async Task<Results<Created<WebChatVoiceUploaded>, ProblemHttpResult>> UploadAsync(
        HttpContext context, WebChatTokens tokens, WebChatRevocations revocations, IVoiceUploadStore uploads, IOptions<VoiceOptions> options,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(WebChatVoiceUploads));
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
                size > limit + 1 ? $"announced {size} bytes, over Voice:MaxBytes" : "the body went over Voice:MaxBytes", TooLarge(size, limit));
        }

        if (AudioFormats.Sniff(bytes) is not { } mediaType)
        {
            return Refuse(logger, StatusCodes.Status415UnsupportedMediaType, "the bytes are not WebM or Ogg",
                "That recording is not one I can listen to: send WebM or Ogg Opus audio.");
        }

        var stored = await uploads.PutAsync(ChannelNames.WebChat, conversationId, bytes, mediaType, cancellationToken);
        if (stored.Image is not { } recording)
        {
            return Refuse(logger, StatusCodes.Status429TooManyRequests, "the upload store refused it (full, or too many for the conversation)", stored.Refusal!);
        }

        LogUploaded(logger, conversationId, bytes.Length, mediaType);
        return TypedResults.Created((string?)null, new WebChatVoiceUploaded(recording.Id, mediaType, bytes.Length, recording.ExpiresAt));
    }

    private static string TooLarge(long bytes, long limit) =>
        $"Your voice message is too large ({(bytes > limit + 1 ? ImageFormats.Describe(bytes) : "over " + ImageFormats.Describe(limit))}; the limit is {ImageFormats.Describe(limit)}). Please send a shorter one.";

    private static ProblemHttpResult Refuse(ILogger logger, int status, string logReason, string detail)
    {
        LogRefused(logger, status, logReason);
        return TypedResults.Problem(detail, statusCode: status, title: "Voice message not accepted");
    }

    [LoggerMessage(EventId = 1453, Level = LogLevel.Information, Message = "Web-chat voice upload refused ({Status}): {Reason}")]
    private static partial void LogRefused(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 1454, Level = LogLevel.Debug, Message = "Web-chat voice message uploaded for {ConversationId}: {Bytes} bytes, {MediaType}")]
    private static partial void LogUploaded(ILogger logger, string conversationId, int bytes, string mediaType);
}
