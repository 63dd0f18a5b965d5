using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The AuditLog contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisAuditLogTests(RedisBackend backend) : AuditLogSpec(backend);
