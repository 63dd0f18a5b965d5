using ChatHub.StoreSpecs;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>The SummaryStore contract against SQLite.</summary>
public sealed class SqliteSummaryStoreTests() : SummaryStoreSpec(new SqliteBackend());
