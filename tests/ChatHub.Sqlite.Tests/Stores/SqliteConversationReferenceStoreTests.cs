using ChatHub.StoreSpecs;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>The ConversationReferenceStore contract against SQLite.</summary>
public sealed class SqliteConversationReferenceStoreTests() : ConversationReferenceStoreSpec(new SqliteBackend());
