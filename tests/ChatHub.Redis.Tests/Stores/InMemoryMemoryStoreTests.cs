using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The MemoryStore contract against the embedded implementation.</summary>
public sealed class InMemoryMemoryStoreTests() : MemoryStoreSpec(new InMemoryBackend());
