using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The RoutingTable contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisRoutingTableTests(RedisBackend backend) : RoutingTableSpec(backend);
