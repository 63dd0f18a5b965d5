using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The IdentityMap contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisIdentityMapTests(RedisBackend backend) : IdentityMapSpec(backend);
