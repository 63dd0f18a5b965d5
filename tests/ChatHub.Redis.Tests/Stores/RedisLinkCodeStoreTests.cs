using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The LinkCodeStore contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisLinkCodeStoreTests(RedisBackend backend) : LinkCodeStoreSpec(backend);
