namespace ChatHub.Adapters.WebChat;

/// <summary>What <c>Join</c> returns: the conversation token to keep, its id, and the last sequence number.</summary>
public sealed record WebChatJoinResult(string Token, string ConversationId, long LastSeq);
