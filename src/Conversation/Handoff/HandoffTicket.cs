using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Handoff;

/// <summary>One conversation handed to the operators: its short id, the person (hub user) and where they wrote from.</summary>
public sealed record HandoffTicket(string Id, string HubUserId, ConversationRef Person, DateTimeOffset StartedAt);
