using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The UsageStore contract against the embedded implementation.</summary>
public sealed class InMemoryUsageStoreTests() : UsageStoreSpec(new InMemoryBackend());
