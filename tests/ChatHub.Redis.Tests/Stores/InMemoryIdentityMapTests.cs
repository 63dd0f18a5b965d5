using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The IdentityMap contract against the embedded implementation.</summary>
public sealed class InMemoryIdentityMapTests() : IdentityMapSpec(new InMemoryBackend());
