using ChatHub.Redis.Tests.Backends;

namespace ChatHub.Redis.Tests.RateLimiting;

[Collection(GarnetCollection.Name)]
public sealed class GarnetTelegramRateLimiterTests(GarnetBackend backend) : TelegramRateLimiterSpec(backend);
