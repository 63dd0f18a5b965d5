using ChatHub.StoreSpecs;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>The CounterStore contract against SQLite.</summary>
public sealed class SqliteCounterStoreTests() : CounterStoreSpec(new SqliteBackend());
