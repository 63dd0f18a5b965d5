using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The UsageStore contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisUsageStoreTests(RedisBackend backend) : UsageStoreSpec(backend);
