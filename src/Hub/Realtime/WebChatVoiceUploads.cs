using ChatHub.Adapters.WebChat;
using ChatHub.Conversation.Uploads;
using ChatHub.Conversation.Voice;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ChatHub.Hub.Realtime;

/// <summary>
/// <c>POST /webchat/voice</c>: the widget uploads one recording (the raw bytes as the body: WebM or Ogg Opus, as the
/// browser's MediaRecorder makes it; its conversation's token as <c>Authorization: Bearer</c>) and gets its id for
/// <c>SendVoice</c>. As <see cref="WebChatImageUploads"/>: the body bounded by <see cref="VoiceOptions.MaxBytes"/> (an
/// announced larger one refused before it is read), the type told from the first bytes, the bytes kept in
/// the keyed <see cref="IUploadStore"/> for <see cref="VoiceOptions.UploadTtl"/>; every refusal a 4xx problem with the
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

    private static readonly WebChatUploadKind Recording = new(
        "Your voice message", "Voice:MaxBytes", "Voice message not accepted", bytes => AudioFormats.Sniff(bytes),
        "the bytes are not WebM or Ogg", "That recording is not one I can listen to: send WebM or Ogg Opus audio.",
        "Please send a shorter one.");

    private static async Task<Results<Created<WebChatVoiceUploaded>, ProblemHttpResult>> UploadAsync(
        HttpContext context, WebChatTokens tokens, WebChatRevocations revocations, [FromKeyedServices(UploadKind.Voice)] IUploadStore uploads, IOptions<VoiceOptions> options,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(WebChatVoiceUploads));
        var (recording, conversationId, problem) = await WebChatUploadFlow.RunAsync(
            context, tokens, revocations, options.Value.MaxBytes, Recording,
            uploads,
            (status, reason) => LogRefused(logger, status, reason),
            cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        LogUploaded(logger, conversationId!, recording!.Bytes.Length, recording.MediaType);
        return TypedResults.Created((string?)null, new WebChatVoiceUploaded(recording.Id, recording.MediaType, recording.Bytes.Length, recording.ExpiresAt));
    }

    [LoggerMessage(EventId = 1453, Level = LogLevel.Information, Message = "Web-chat voice upload refused ({Status}): {Reason}")]
    private static partial void LogRefused(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 1454, Level = LogLevel.Debug, Message = "Web-chat voice message uploaded for {ConversationId}: {Bytes} bytes, {MediaType}")]
    private static partial void LogUploaded(ILogger logger, string conversationId, int bytes, string mediaType);
}
