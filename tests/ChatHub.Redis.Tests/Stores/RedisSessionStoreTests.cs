using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The SessionStore contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisSessionStoreTests(RedisBackend backend) : SessionStoreSpec(backend);
