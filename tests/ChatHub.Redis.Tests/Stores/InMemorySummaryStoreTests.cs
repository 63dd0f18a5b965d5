using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The SummaryStore contract against the embedded implementation.</summary>
public sealed class InMemorySummaryStoreTests() : SummaryStoreSpec(new InMemoryBackend());
