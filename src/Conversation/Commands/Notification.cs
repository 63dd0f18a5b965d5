using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Commands;

/// <summary>
/// A system message to send to another conversation. Its outbound id is derived from <paramref name="Key"/> (e.g. a
/// hand-off's id) and the inbound message it answers, so processing that message again sends it once.
/// </summary>
public sealed record Notification(ConversationRef Conversation, string Text, string? Key = null);
