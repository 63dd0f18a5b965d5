using ChatHub.Adapters.WebChat;
using ChatHub.Conversation.Images;
using Microsoft.AspNetCore.Http.Features;

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
/// An upload's body: no conversation (no valid token), or the bytes, or how large it was said or found to be when over
/// the limit (<see cref="TooLarge"/>: the announced length, or the limit plus one when the read went over).
/// </summary>
internal sealed record WebChatUpload(string? ConversationId, byte[]? Bytes, long? TooLarge);
