using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The TokenBucketLimiter contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisTokenBucketLimiterTests(RedisBackend backend) : TokenBucketLimiterSpec(backend);
