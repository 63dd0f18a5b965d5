using ChatHub.StoreSpecs;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>The HandoffStore contract against SQLite.</summary>
public sealed class SqliteHandoffStoreTests() : HandoffStoreSpec(new SqliteBackend());
