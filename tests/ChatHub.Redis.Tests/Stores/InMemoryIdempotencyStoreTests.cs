using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The IdempotencyStore contract against the embedded implementation.</summary>
public sealed class InMemoryIdempotencyStoreTests() : IdempotencyStoreSpec(new InMemoryBackend());
