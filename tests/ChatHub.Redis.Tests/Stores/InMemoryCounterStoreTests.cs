using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The CounterStore contract against the embedded implementation.</summary>
public sealed class InMemoryCounterStoreTests() : CounterStoreSpec(new InMemoryBackend());
