using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The MemoryStore contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisMemoryStoreTests(RedisBackend backend) : MemoryStoreSpec(backend);
