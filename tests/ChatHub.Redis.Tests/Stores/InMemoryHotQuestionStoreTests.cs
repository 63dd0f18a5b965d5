using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The HotQuestionStore contract against the embedded implementation.</summary>
public sealed class InMemoryHotQuestionStoreTests() : HotQuestionStoreSpec(new InMemoryBackend())
{
    protected override string ExpectedLevel => "l1";
}
