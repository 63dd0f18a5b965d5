using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Routing;

/// <summary>A hub user's last active conversation on one channel.</summary>
public sealed record RouteEntry(ConversationRef Conversation, DateTimeOffset LastActiveAt);
