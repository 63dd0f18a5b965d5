using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The HotQuestionStore contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisHotQuestionStoreTests(RedisBackend backend) : HotQuestionStoreSpec(backend)
{
    protected override string ExpectedLevel => "l2";
}
