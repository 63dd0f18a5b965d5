using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The LinkCodeStore contract against the embedded implementation.</summary>
public sealed class InMemoryLinkCodeStoreTests() : LinkCodeStoreSpec(new InMemoryBackend());
