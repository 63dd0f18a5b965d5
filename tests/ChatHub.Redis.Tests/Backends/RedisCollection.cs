namespace ChatHub.Redis.Tests.Backends;

/// <summary>Test classes that share one redis-server.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisBackend>
{
    public const string Name = "redis-server";
}
