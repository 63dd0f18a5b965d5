using ChatHub.StoreSpecs;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>The AuditLog contract against SQLite.</summary>
public sealed class SqliteAuditLogTests() : AuditLogSpec(new SqliteBackend());
