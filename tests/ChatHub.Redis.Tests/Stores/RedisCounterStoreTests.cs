using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The CounterStore contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisCounterStoreTests(RedisBackend backend) : CounterStoreSpec(backend);
