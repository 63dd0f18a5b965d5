using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The TokenBucketLimiter contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetTokenBucketLimiterTests(GarnetBackend backend) : TokenBucketLimiterSpec(backend);
