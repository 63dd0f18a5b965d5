using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The CounterStore contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetCounterStoreTests(GarnetBackend backend) : CounterStoreSpec(backend);
