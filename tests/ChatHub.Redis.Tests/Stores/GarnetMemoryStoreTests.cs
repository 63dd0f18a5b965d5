using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The MemoryStore contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetMemoryStoreTests(GarnetBackend backend) : MemoryStoreSpec(backend);
