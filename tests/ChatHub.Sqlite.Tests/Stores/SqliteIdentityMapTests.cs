using ChatHub.StoreSpecs;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>The IdentityMap contract against SQLite.</summary>
public sealed class SqliteIdentityMapTests() : IdentityMapSpec(new SqliteBackend());
