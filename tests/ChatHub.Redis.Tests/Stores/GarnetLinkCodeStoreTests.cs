using ChatHub.Redis.Tests.Backends;
using ChatHub.Redis.Tests.Specs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The LinkCodeStore contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetLinkCodeStoreTests(GarnetBackend backend) : LinkCodeStoreSpec(backend);
