using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The AuditLog contract against garnet-server.</summary>
[Collection(GarnetCollection.Name)]
public sealed class GarnetAuditLogTests(GarnetBackend backend) : AuditLogSpec(backend);
