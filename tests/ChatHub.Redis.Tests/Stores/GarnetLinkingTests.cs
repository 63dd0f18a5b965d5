using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The linking rules on the stores on garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetLinkingTests(GarnetBackend backend) : LinkingSpec(backend);
