namespace ChatHub.Conversation.Memory;

/// <summary>What <see cref="IMemoryStore.AddAsync"/> did.</summary>
public enum MemoryAddOutcome
{
    /// <summary>Kept.</summary>
    Added = 0,

    /// <summary>The person's memory already holds this fact (same id): nothing changed.</summary>
    Duplicate = 1,

    /// <summary>The person already has <see cref="MemoryOptions.MaxEntries"/> facts: nothing changed.</summary>
    Full = 2,
}
