using ChatHub.StoreSpecs;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>The IdempotencyStore contract against SQLite.</summary>
public sealed class SqliteIdempotencyStoreTests() : IdempotencyStoreSpec(new SqliteBackend());
