using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The TokenBucketLimiter contract against the embedded implementation.</summary>
public sealed class InMemoryTokenBucketLimiterTests() : TokenBucketLimiterSpec(new InMemoryBackend());
