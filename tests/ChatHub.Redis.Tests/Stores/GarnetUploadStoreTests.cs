using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The web chat's upload store contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetUploadStoreTests(GarnetBackend backend) : UploadStoreSpec(backend);
