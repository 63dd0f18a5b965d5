using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The HotQuestionStore contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetHotQuestionStoreTests(GarnetBackend backend) : HotQuestionStoreSpec(backend)
{
    protected override string ExpectedLevel => "l2";
}
