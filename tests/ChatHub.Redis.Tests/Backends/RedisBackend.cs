namespace ChatHub.Redis.Tests.Backends;

/// <summary>redis-server (Debian package), shared by the <see cref="RedisCollection"/>.</summary>
public sealed class RedisBackend : ServerBackend
{
    public override string Kind => "redis";
}
