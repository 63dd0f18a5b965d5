using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The SessionStore contract against the embedded implementation.</summary>
public sealed class InMemorySessionStoreTests() : SessionStoreSpec(new InMemoryBackend());
