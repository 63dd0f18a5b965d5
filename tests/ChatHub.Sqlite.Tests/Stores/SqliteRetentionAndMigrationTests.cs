using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Retention;
using ChatHub.Sqlite.Database;
using ChatHub.Sqlite.Stores;
using ChatHub.Sqlite.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite.Tests.Stores;

/// <summary>Schema 1 files brought to schema 2 (issue 15's retention columns), and the retention sweep deleting old rows.</summary>
public sealed class SqliteRetentionAndMigrationTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _folder.Dispose();

    private SqliteDatabase Open() => new(_folder.Path, StorageDurability.Full, 512, _time, NullLogger<SqliteDatabase>.Instance);

    [Fact]
    public async Task Open_SchemaVersion1File_MigratedKeepingPeopleAndAudit_LinkCodesStartEmpty_HandoffsTableAdded()
    {
        // The tables of schema 1 as the hub before issue 15 created them, with a person, an audit entry and a live code.
        using (var old = new SqliteConnection($"Data Source={Path.Combine(_folder.Path, StorageOptions.FileName)}"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                INSERT INTO meta VALUES ('schema_version', '1');
                CREATE TABLE identities (channel TEXT NOT NULL, user_id TEXT NOT NULL, hub_user TEXT NOT NULL, PRIMARY KEY (channel, user_id)) WITHOUT ROWID;
                CREATE INDEX identities_by_user ON identities (hub_user);
                INSERT INTO identities VALUES ('telegram', '42', 'u_old');
                CREATE TABLE link_codes (selector TEXT PRIMARY KEY, code TEXT NOT NULL, used INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO link_codes VALUES ('ABCD', '{}', 0, 9999999999999999999);
                CREATE TABLE audit (id INTEGER PRIMARY KEY, hub_user TEXT NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, details TEXT NOT NULL);
                CREATE INDEX audit_by_user ON audit (hub_user, id);
                INSERT INTO audit (hub_user, at, action, details) VALUES ('u_old', '2025-06-01T10:00:00.0000000+00:00', 'link', 'telegram:42 linked');
                """;
            create.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        using var database = Open();
        var retention = Options.Create(new RetentionOptions());
        var identities = new SqliteIdentityMap(database, retention);
        var codes = new SqliteLinkCodeStore(database);

        Assert.Equal("u_old", await identities.FindAsync(new PlatformIdentity("telegram", "42"), CancellationToken.None).DefaultTimeout());
        Assert.Equal("telegram:42 linked", Assert.Single(await new SqliteAuditLog(database, retention).GetAsync("u_old", CancellationToken.None).DefaultTimeout()).Details);
        Assert.Null(await codes.GetAsync("ABCD", CancellationToken.None).DefaultTimeout());
        var code = new LinkCode("SEL", "u_old", new PlatformIdentity("telegram", "42"), new ConversationRef("telegram", "b", "42"), _time.GetUtcNow().AddMinutes(10));
        Assert.True(await codes.TryAddAsync(code, CancellationToken.None).DefaultTimeout());
        var ticket = new HandoffTicket("ABCDE", "u_old", new ConversationRef("telegram", "b", "42"), _time.GetUtcNow());
        Assert.True(await new SqliteHandoffStore(database).TryStartAsync(ticket, TimeSpan.FromHours(1), CancellationToken.None).DefaultTimeout());
        Assert.Equal(2, database.Read(s => s.Int64("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'schema_version'")));
    }

    [Fact]
    public async Task Sweep_RowsPastTheirRetention_Deleted_OthersKept()
    {
        using var database = Open();
        var retention = new RetentionOptions { Identities = TimeSpan.FromDays(10), WebChatIdentities = TimeSpan.FromDays(2), Audit = TimeSpan.FromDays(20) };
        var identities = new SqliteIdentityMap(database, Options.Create(retention));
        var routes = new SqliteRoutingTable(database, Options.Create(retention));
        var audit = new SqliteAuditLog(database, Options.Create(retention));
        var telegram = await identities.ResolveAsync(new PlatformIdentity("telegram", "1"), CancellationToken.None).DefaultTimeout();
        var web = await identities.ResolveAsync(new PlatformIdentity("webchat", "c_1"), CancellationToken.None).DefaultTimeout();
        await routes.RecordAsync(telegram, new ConversationRef("telegram", "b", "1"), _time.GetUtcNow(), CancellationToken.None).DefaultTimeout();
        await routes.RecordAsync(web, new ConversationRef("webchat", "b", "c_1"), _time.GetUtcNow(), CancellationToken.None).DefaultTimeout();
        await audit.AppendAsync(new AuditEntry(_time.GetUtcNow(), telegram, AuditActions.Link, "x"), CancellationToken.None).DefaultTimeout();

        _time.Advance(TimeSpan.FromDays(3));
        var first = await ExpirySweeper.SweepAsync(database, retention, CancellationToken.None).DefaultTimeout();
        _time.Advance(TimeSpan.FromDays(8));
        var second = await ExpirySweeper.SweepAsync(database, retention, CancellationToken.None).DefaultTimeout();

        Assert.Equal(2, first); // the web chat's identity and route
        Assert.Equal(2, second); // then the Telegram identity and route; the audit entry is kept for 20 days
        Assert.Equal(1, database.Read(s => s.Int64("SELECT count(*) FROM audit")));
        Assert.Equal(0, database.Read(s => s.Int64("SELECT count(*) FROM identities") + s.Int64("SELECT count(*) FROM routes")));
    }
}
