using ChatHub.Adapters.WebChat;
using ChatHub.Conversation.Images;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Uploads;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatHub.Hub.Realtime;

/// <summary>
/// What the web chat's upload endpoints (<see cref="WebChatImageUploads"/>, <see cref="WebChatVoiceUploads"/>) share:
/// the conversation's token (<c>Authorization: Bearer</c>, not revoked), then the raw body read to at most the limit
/// (an announced larger one refused before it is read, a longer chunked one stopped by the server too).
/// </summary>
internal static class WebChatUploadBody
{
    public static async Task<WebChatUpload> ReadAsync(
        HttpContext context, WebChatTokens tokens, WebChatRevocations revocations, long limit, CancellationToken cancellationToken)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        if (!tokens.TryValidate(token, out var conversationId) || await revocations.IsRevokedAsync(conversationId, cancellationToken))
        {
            return new WebChatUpload(null, null, null);
        }

        if (context.Request.ContentLength is { } announced && announced > limit)
        {
            return new WebChatUpload(conversationId, null, announced);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limit + 1; // the server stops a longer chunked body too
        }

        try
        {
            var bytes = await ImageResolver.ReadBoundedAsync(context.Request.Body, limit, cancellationToken);
            return new WebChatUpload(conversationId, bytes, bytes is null ? limit + 1 : null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new WebChatUpload(conversationId, null, limit + 1);
        }
    }
}

/// <summary>
/// What differs between the web chat's upload kinds: what the person sent (<paramref name="Noun"/>, e.g. "Your
/// picture"), the size setting, how the type is told from the bytes, and what a refusal says.
/// </summary>
internal sealed record WebChatUploadKind(
    string Noun, string Setting, string Title, Func<byte[], string?> Sniff, string NotRecognized, string NotRecognizedDetail, string SmallerAdvice);

/// <summary>
/// The flow both upload endpoints follow: the body (<see cref="WebChatUploadBody"/>), the type told from the bytes, the
/// bytes kept in the kind's store (owned by the conversation); every refusal a 4xx problem with the reason for the person and one log line
/// (the endpoint's own event, through the callback). The stored upload and its conversation, or the problem to answer.
/// </summary>
internal static class WebChatUploadFlow
{
    public static async Task<(StoredUpload? Stored, string? ConversationId, ProblemHttpResult? Problem)> RunAsync(
        HttpContext context, WebChatTokens tokens, WebChatRevocations revocations, long limit, WebChatUploadKind kind,
        IUploadStore store, Action<int, string> refused,
        CancellationToken cancellationToken)
    {
        var upload = await WebChatUploadBody.ReadAsync(context, tokens, revocations, limit, cancellationToken);
        if (upload.ConversationId is not { } conversationId)
        {
            return Refuse(StatusCodes.Status401Unauthorized, "no valid web-chat token",
                "Join the chat first: the upload needs the conversation's token (Authorization: Bearer).");
        }

        if (upload.Bytes is not { } bytes)
        {
            var size = upload.TooLarge!.Value;
            var described = size > limit + 1 ? ImageFormats.Describe(size) : "over " + ImageFormats.Describe(limit);
            return Refuse(StatusCodes.Status413PayloadTooLarge,
                size > limit + 1 ? $"announced {size} bytes, over {kind.Setting}" : $"the body went over {kind.Setting}",
                $"{kind.Noun} is too large ({described}; the limit is {ImageFormats.Describe(limit)}). {kind.SmallerAdvice}");
        }

        if (kind.Sniff(bytes) is not { } mediaType)
        {
            return Refuse(StatusCodes.Status415UnsupportedMediaType, kind.NotRecognized, kind.NotRecognizedDetail);
        }

        var stored = await store.PutAsync(ChannelNames.WebChat, conversationId, bytes, mediaType, cancellationToken);
        return stored.Upload is { } image
            ? (image, conversationId, null)
            : Refuse(StatusCodes.Status429TooManyRequests, "the upload store refused it (full, or too many for the conversation)", stored.Refusal!);

        (StoredUpload?, string?, ProblemHttpResult?) Refuse(int status, string logReason, string detail)
        {
            refused(status, logReason);
            return (null, null, TypedResults.Problem(detail, statusCode: status, title: kind.Title));
        }
    }
}

/// <summary>
/// An upload's body: no conversation (no valid token), or the bytes, or how large it was said or found to be when over
/// the limit (<see cref="TooLarge"/>: the announced length, or the limit plus one when the read went over).
/// </summary>
internal sealed record WebChatUpload(string? ConversationId, byte[]? Bytes, long? TooLarge);
