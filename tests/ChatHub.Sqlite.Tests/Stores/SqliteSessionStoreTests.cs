using ChatHub.StoreSpecs;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>The SessionStore contract against SQLite.</summary>
public sealed class SqliteSessionStoreTests() : SessionStoreSpec(new SqliteBackend());
