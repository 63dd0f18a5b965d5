using ChatHub.StoreSpecs;

namespace ChatHub.Sqlite.Tests.Stores;

public sealed class SqliteBroadcastStoreTests() : BroadcastStoreSpec(new SqliteBackend());
