using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The BroadcastStore contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisBroadcastStoreTests(RedisBackend backend) : BroadcastStoreSpec(backend);
