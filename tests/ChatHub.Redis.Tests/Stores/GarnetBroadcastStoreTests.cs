using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The BroadcastStore contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetBroadcastStoreTests(GarnetBackend backend) : BroadcastStoreSpec(backend);
