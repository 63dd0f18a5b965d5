using ChatHub.StoreSpecs;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>The LinkCodeStore contract against SQLite.</summary>
public sealed class SqliteLinkCodeStoreTests() : LinkCodeStoreSpec(new SqliteBackend());
