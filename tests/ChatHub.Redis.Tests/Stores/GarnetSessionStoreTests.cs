using ChatHub.Redis.Tests.Backends;
using ChatHub.Redis.Tests.Specs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The SessionStore contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetSessionStoreTests(GarnetBackend backend) : SessionStoreSpec(backend);
