using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The HandoffStore contract against the embedded implementation.</summary>
public sealed class InMemoryHandoffStoreTests() : HandoffStoreSpec(new InMemoryBackend());
