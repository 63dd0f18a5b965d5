using ChatHub.Redis.Tests.Backends;
using ChatHub.Redis.Tests.Specs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The TokenBucketLimiter contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetTokenBucketLimiterTests(GarnetBackend backend) : TokenBucketLimiterSpec(backend);
