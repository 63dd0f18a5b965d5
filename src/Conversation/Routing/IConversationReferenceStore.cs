using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Routing;

/// <summary>
/// What an adapter needs to send into a conversation without a question to answer (proactive messages, broadcasts,
/// hand-off notices, replies that followed a person there), kept with the conversation in the configured store so every
/// node has it and it survives a restart: on Teams, the conversation's service URL. The value is the adapter's own
/// (opaque here). An entry lives <c>lifetime</c> after its last write (the channel's
/// <see cref="Retention.RetentionOptions.IdentityLifetime"/>, like the route naming the conversation) and is removed with
/// the person's routes on erasure.
/// </summary>
public interface IConversationReferenceStore
{
    /// <summary>Stores (or replaces) the conversation's reference; it expires <paramref name="lifetime"/> from now.</summary>
    ValueTask SetAsync(ConversationRef conversation, string reference, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>The conversation's reference, or null when none is stored or it has expired.</summary>
    ValueTask<string?> GetAsync(ConversationRef conversation, CancellationToken cancellationToken);

    /// <summary>Forgets the conversation's reference; true when one was stored.</summary>
    ValueTask<bool> RemoveAsync(ConversationRef conversation, CancellationToken cancellationToken);
}
