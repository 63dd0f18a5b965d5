using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The HandoffStore contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisHandoffStoreTests(RedisBackend backend) : HandoffStoreSpec(backend);
