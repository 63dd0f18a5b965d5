namespace ChatHub.Conversation.Images;

/// <summary>An upload as the store keeps it.</summary>
public sealed record StoredImage(string Id, string MediaType, byte[] Bytes, DateTimeOffset ExpiresAt);
