using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The AuditLog contract against the embedded implementation.</summary>
public sealed class InMemoryAuditLogTests() : AuditLogSpec(new InMemoryBackend());
