using ChatHub.Redis.Tests.Backends;

namespace ChatHub.Redis.Tests.RateLimiting;

[Collection(RedisCollection.Name)]
public sealed class RedisTelegramRateLimiterTests(RedisBackend backend) : TelegramRateLimiterSpec(backend);
