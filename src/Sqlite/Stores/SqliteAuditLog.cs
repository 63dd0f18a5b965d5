using System.Globalization;
using ChatHub.Conversation.Audit;
using ChatHub.Sqlite.Database;

namespace ChatHub.Sqlite.Stores;

/// <summary>The audit log in table <c>audit</c>: append-only rows per hub user, never expired; erasure tombstones the details.</summary>
public sealed class SqliteAuditLog : IAuditLog
{
    private readonly SqliteDatabase _db;

    public SqliteAuditLog(SqliteDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    public async ValueTask AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = entry.At.ToString("O", CultureInfo.InvariantCulture);
        await _db.WriteAsync(s => s.Execute(
            "INSERT INTO audit (hub_user, at, action, details) VALUES ($p0, $p1, $p2, $p3)", entry.HubUserId, at, entry.Action, entry.Details));
    }

    public ValueTask<IReadOnlyList<AuditEntry>> GetAsync(string hubUserId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<AuditEntry>>(_db.Read(s => s.Query(
            "SELECT at, action, details FROM audit WHERE hub_user = $p0 ORDER BY id",
            r => new AuditEntry(
                DateTimeOffset.Parse(r.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), hubUserId, r.GetString(1), r.GetString(2)),
            hubUserId)));

    public async ValueTask TombstoneAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s => s.Execute("UPDATE audit SET details = $p1 WHERE hub_user = $p0", hubUserId, InMemoryAuditLog.Tombstone));
}
