using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The web chat's upload store contract against the in-memory store (the embedded default's).</summary>
public sealed class InMemoryUploadStoreSpecTests() : UploadStoreSpec(new InMemoryBackend());
