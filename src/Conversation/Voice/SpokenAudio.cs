namespace ChatHub.Conversation.Voice;

/// <summary>A spoken reply: Ogg Opus bytes and, where the pages tell it, their length.</summary>
public sealed record SpokenAudio(byte[] Audio, string MediaType, TimeSpan? Duration);
