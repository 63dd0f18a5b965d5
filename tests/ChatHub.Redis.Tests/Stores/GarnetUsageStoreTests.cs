using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The UsageStore contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetUsageStoreTests(GarnetBackend backend) : UsageStoreSpec(backend);
