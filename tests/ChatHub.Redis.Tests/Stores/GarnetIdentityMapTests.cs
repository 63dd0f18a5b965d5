using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The IdentityMap contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetIdentityMapTests(GarnetBackend backend) : IdentityMapSpec(backend);
