namespace ChatHub.Conversation.Uploads;

/// <summary>An upload as the store keeps it.</summary>
public sealed record StoredUpload(string Id, string MediaType, byte[] Bytes, DateTimeOffset ExpiresAt);
