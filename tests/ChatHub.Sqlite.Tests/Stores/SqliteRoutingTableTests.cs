using ChatHub.StoreSpecs;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>The RoutingTable contract against SQLite.</summary>
public sealed class SqliteRoutingTableTests() : RoutingTableSpec(new SqliteBackend());
