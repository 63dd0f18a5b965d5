using ChatHub.Redis.Tests.Backends;
using ChatHub.Redis.Tests.Specs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The AuditLog contract against the embedded implementation.</summary>
public sealed class InMemoryAuditLogTests() : AuditLogSpec(new InMemoryBackend());
