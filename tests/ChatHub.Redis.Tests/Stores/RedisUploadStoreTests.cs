using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The web chat's upload store contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisUploadStoreTests(RedisBackend backend) : UploadStoreSpec(backend);
