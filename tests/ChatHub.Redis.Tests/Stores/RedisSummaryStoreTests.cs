using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The SummaryStore contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisSummaryStoreTests(RedisBackend backend) : SummaryStoreSpec(backend);
