using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The LinkCodeStore contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetLinkCodeStoreTests(GarnetBackend backend) : LinkCodeStoreSpec(backend);
