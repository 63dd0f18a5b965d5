using ChatHub.Conversation.Memory;
using ChatHub.Conversation.WebChat;
using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Broadcasts;
using ChatHub.Conversation.Counters;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Usage;
using ChatHub.Sqlite.Database;
using ChatHub.Sqlite.Stores;
using ChatHub.Sqlite.Tests.Infrastructure;
using ChatHub.StoreSpecs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SessionOptions = ChatHub.Conversation.Sessions.SessionOptions;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>
/// SQLite as the spec suites' backend: each test gets a database of its own in a fresh temporary folder (deleted at
/// the end), with the default durability (an fsync per batch), on the test's manual clock.
/// </summary>
public sealed class SqliteBackend : StoreBackend
{
    public override StoreContext CreateContext() => new Context();

    private sealed class Context : StoreContext
    {
        private readonly TemporaryFolder _folder = new();
        private readonly SqliteDatabase _database;

        public Context()
        {
            try
            {
                _database = new SqliteDatabase(_folder.Path, StorageDurability.Full, 512, Time, NullLogger<SqliteDatabase>.Instance);
            }
            catch
            {
                _folder.Dispose(); // no context to dispose later
                throw;
            }
        }

        public override IIdentityMap CreateIdentityMap() => new SqliteIdentityMap(_database, Options.Create(Retention));

        public override IRoutingTable CreateRoutingTable() => new SqliteRoutingTable(_database, Options.Create(Retention));

        public override IConversationReferenceStore CreateConversationReferenceStore() => new SqliteConversationReferenceStore(_database);

        public override ISessionStore CreateSessionStore(SessionOptions options) => new SqliteSessionStore(_database, Options.Create(options));

        public override IIdempotencyStore CreateIdempotencyStore() => new SqliteIdempotencyStore(_database);

        public override ICounterStore CreateCounterStore() => new SqliteCounterStore(_database);

        public override ILinkCodeStore CreateLinkCodeStore() => new SqliteLinkCodeStore(_database);

        public override IHandoffStore CreateHandoffStore() => new SqliteHandoffStore(_database);

        public override IBroadcastStore CreateBroadcastStore() => new SqliteBroadcastStore(_database);

        public override ISummaryStore CreateSummaryStore(SessionOptions options) => new SqliteSummaryStore(_database, Options.Create(options));

        public override IMemoryStore CreateMemoryStore(MemoryOptions options) => new SqliteMemoryStore(_database, Options.Create(options), Options.Create(Retention));

        public override IUsageStore CreateUsageStore(UsageOptions options) => new SqliteUsageStore(_database, Options.Create(options));

        public override IAuditLog CreateAuditLog() => new SqliteAuditLog(_database, Options.Create(Retention));

        public override IWebChatTranscript CreateTranscript(WebChatTranscriptOptions options) => new SqliteWebChatTranscript(_database, Options.Create(options));

        public override async ValueTask DisposeAsync()
        {
            _database.Dispose();
            _folder.Dispose();
            await base.DisposeAsync();
        }
    }
}
