using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Commands;

/// <summary>
/// A system message to send to another conversation. Its outbound id is derived from <paramref name="Key"/> (e.g. a
/// hand-off's id) and the inbound message it answers, so processing that message again sends it once.
/// </summary>
public sealed record Notification(ConversationRef Conversation, string Text, string? Key = null)
{
    private readonly IReadOnlyList<string>? _suggestions;

    /// <summary>Suggested replies under the message (e.g. the one-tap undo of a link); null when none.</summary>
    public IReadOnlyList<string>? Suggestions
    {
        get => _suggestions;
        init => _suggestions = SuggestedReplies.Normalize(value);
    }
}
