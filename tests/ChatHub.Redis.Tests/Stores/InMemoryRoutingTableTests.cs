using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The RoutingTable contract against the embedded implementation.</summary>
public sealed class InMemoryRoutingTableTests() : RoutingTableSpec(new InMemoryBackend());
