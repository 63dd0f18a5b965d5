using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The SessionStore contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetSessionStoreTests(GarnetBackend backend) : SessionStoreSpec(backend);
