namespace ChatHub.Conversation.Memory;

/// <summary>
/// One thing a person asked the hub to remember, in their words. <paramref name="Id"/> is derived from the text
/// (<see cref="MemoryService.IdOf"/>), so the same fact is kept once and a redelivered request saves nothing new.
/// </summary>
public sealed record MemoryEntry(string Id, string Text, DateTimeOffset SavedAt);
