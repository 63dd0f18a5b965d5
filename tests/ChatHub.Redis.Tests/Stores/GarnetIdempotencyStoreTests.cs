using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The IdempotencyStore contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetIdempotencyStoreTests(GarnetBackend backend) : IdempotencyStoreSpec(backend);
