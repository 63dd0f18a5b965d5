using ChatHub.Conversation.Idempotency;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WebChat;

/// <summary>
/// Conversations whose tokens no longer open them (their person was erased): a marker per conversation in the
/// idempotency store, shared by every node on Redis, kept for <see cref="WebChatOptions.TokenLifetime"/> (no token
/// issued before the revocation outlives that). Join and Send check it.
/// </summary>
public sealed class WebChatRevocations
{
    private readonly IIdempotencyStore _store;
    private readonly TimeSpan _lifetime;

    public WebChatRevocations(IIdempotencyStore store, IOptions<WebChatOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _lifetime = options.Value.TokenLifetime;
    }

    public ValueTask RevokeAsync(string conversationId, CancellationToken cancellationToken) =>
        _store.MarkDoneAsync(Key(conversationId), _lifetime, cancellationToken);

    public ValueTask<bool> IsRevokedAsync(string conversationId, CancellationToken cancellationToken) =>
        _store.IsDoneAsync(Key(conversationId), cancellationToken);

    private static string Key(string conversationId) => "webchat:revoked:" + conversationId;
}
