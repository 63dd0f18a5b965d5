using ChatHub.StoreSpecs;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>The MemoryStore contract against SQLite.</summary>
public sealed class SqliteMemoryStoreTests() : MemoryStoreSpec(new SqliteBackend());
