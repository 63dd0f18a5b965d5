using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The linking rules on the stores on redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisLinkingTests(RedisBackend backend) : LinkingSpec(backend);
