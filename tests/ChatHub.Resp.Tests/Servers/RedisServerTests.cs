namespace ChatHub.Resp.Tests.Servers;

/// <summary>The spec against redis-server (Debian package).</summary>
public sealed partial class RedisServerTests(RedisServerFixture fixture) : RespServerSpec<RedisServerFixture>(fixture);
