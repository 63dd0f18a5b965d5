using ChatHub.Redis.Tests.Backends;
using ChatHub.Redis.Tests.Specs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The IdentityMap contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetIdentityMapTests(GarnetBackend backend) : IdentityMapSpec(backend);
