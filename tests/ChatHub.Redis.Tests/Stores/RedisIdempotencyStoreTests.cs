using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The IdempotencyStore contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisIdempotencyStoreTests(RedisBackend backend) : IdempotencyStoreSpec(backend);
