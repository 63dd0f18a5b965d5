namespace ChatHub.Conversation.Users;

/// <summary>What an erasure removed.</summary>
public sealed record ErasureReport(string HubUserId, int Identities, int SessionTurns, int Routes, int OtherItems);
