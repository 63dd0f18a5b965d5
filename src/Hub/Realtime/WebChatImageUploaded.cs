namespace ChatHub.Hub.Realtime;

/// <summary>The answer to an accepted upload: the id for <c>SendImage</c>, the type told from the bytes, the size, and until when it is kept.</summary>
public sealed record WebChatImageUploaded(string ImageId, string MediaType, int Bytes, DateTimeOffset ExpiresAt);
