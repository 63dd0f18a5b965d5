using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The RoutingTable contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetRoutingTableTests(GarnetBackend backend) : RoutingTableSpec(backend);
