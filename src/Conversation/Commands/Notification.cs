using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Commands;

/// <summary>A system message to send to another conversation.</summary>
public sealed record Notification(ConversationRef Conversation, string Text);
