using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The linking rules on the embedded stores.</summary>
public sealed class InMemoryLinkingTests() : LinkingSpec(new InMemoryBackend());
