using ChatHub.StoreSpecs;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>The WebChatTranscript contract against SQLite.</summary>
public sealed class SqliteWebChatTranscriptTests() : WebChatTranscriptSpec(new SqliteBackend());
