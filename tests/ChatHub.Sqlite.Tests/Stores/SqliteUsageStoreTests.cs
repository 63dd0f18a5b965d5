using ChatHub.StoreSpecs;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>The UsageStore contract against SQLite.</summary>
public sealed class SqliteUsageStoreTests() : UsageStoreSpec(new SqliteBackend());
