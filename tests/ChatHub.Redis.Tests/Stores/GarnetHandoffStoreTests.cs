using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The HandoffStore contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetHandoffStoreTests(GarnetBackend backend) : HandoffStoreSpec(backend);
