using ChatHub.StoreSpecs;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>The linking rules on SQLite's stores.</summary>
public sealed class SqliteLinkingTests() : LinkingSpec(new SqliteBackend());
