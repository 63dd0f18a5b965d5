using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Users;
using ChatHub.Conversation.WebChat;

namespace ChatHub.Adapters.WebChat;

/// <summary>
/// Erasure for web chat: the transcripts of the person's web-chat conversations, and their tokens (revoked: a browser
/// that comes back with one starts a new conversation, and an open connection can no longer send into it).
/// </summary>
public sealed class WebChatUserDataEraser : IUserDataEraser
{
    private readonly IWebChatTranscript _transcript;
    private readonly WebChatRevocations _revocations;

    public WebChatUserDataEraser(IWebChatTranscript transcript, WebChatRevocations revocations)
    {
        _transcript = transcript;
        _revocations = revocations;
    }

    public async ValueTask<int> EraseAsync(
        string hubUserId, IReadOnlyList<PlatformIdentity> identities, IReadOnlyList<RouteEntry> routes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(routes);
        // A web-chat identity's user id is its conversation id; routes name the latest conversation too.
        var conversations = identities.Where(i => i.Channel == ChannelNames.WebChat).Select(i => i.UserId)
            .Concat(routes.Where(r => r.Conversation.Channel == ChannelNames.WebChat).Select(r => r.Conversation.ChatId))
            .Distinct(StringComparer.Ordinal);
        var removed = 0;
        foreach (var conversationId in conversations)
        {
            await _revocations.RevokeAsync(conversationId, cancellationToken);
            removed += await _transcript.RemoveAsync(conversationId, cancellationToken) + 1;
        }

        return removed;
    }
}
