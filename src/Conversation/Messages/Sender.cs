namespace ChatHub.Conversation.Messages;

/// <summary>Who sent an inbound message, as the platform names them.</summary>
/// <param name="UserId">The platform's user id (stable across chats on that platform).</param>
/// <param name="DisplayName">A name to address the person by, if the platform gives one.</param>
public sealed record Sender(string UserId, string? DisplayName = null);
