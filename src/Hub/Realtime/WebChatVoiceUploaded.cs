namespace ChatHub.Hub.Realtime;

/// <summary>The answer to an accepted voice upload: the id for <c>SendVoice</c>, the type told from the bytes, the size, and until when it is kept.</summary>
public sealed record WebChatVoiceUploaded(string VoiceId, string MediaType, int Bytes, DateTimeOffset ExpiresAt);
