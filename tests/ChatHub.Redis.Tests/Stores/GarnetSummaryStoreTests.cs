using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The SummaryStore contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetSummaryStoreTests(GarnetBackend backend) : SummaryStoreSpec(backend);
