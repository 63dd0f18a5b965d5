using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The ConversationReferenceStore contract against the embedded implementation.</summary>
public sealed class InMemoryConversationReferenceStoreTests() : ConversationReferenceStoreSpec(new InMemoryBackend());
