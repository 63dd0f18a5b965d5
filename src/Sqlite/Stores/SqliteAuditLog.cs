using System.Globalization;
using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Retention;
using ChatHub.Sqlite.Database;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// The audit log in table <c>audit</c>: append-only rows per hub user, kept <see cref="RetentionOptions.Audit"/> after
/// their time (reads ignore older rows, the sweep deletes them); erasure moves a user's rows under
/// <see cref="AuditIds.Erased"/> with their details tombstoned, in one statement.
/// </summary>
public sealed class SqliteAuditLog : IAuditLog
{
    private readonly SqliteDatabase _db;
    private readonly TimeSpan _retention;

    public SqliteAuditLog(SqliteDatabase database, IOptions<RetentionOptions> retention)
    {
        _db = database ?? throw new ArgumentNullException(nameof(database));
        ArgumentNullException.ThrowIfNull(retention);
        _retention = retention.Value.Audit;
    }

    public async ValueTask AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = entry.At.ToString("O", CultureInfo.InvariantCulture);
        await _db.WriteAsync(s => s.Execute(
            "INSERT INTO audit (hub_user, at, action, details, at_ticks) VALUES ($p0, $p1, $p2, $p3, $p4)",
            entry.HubUserId, at, entry.Action, entry.Details, entry.At.UtcTicks));
    }

    public ValueTask<IReadOnlyList<AuditEntry>> GetAsync(string hubUserId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<AuditEntry>>(_db.Read(s => s.Query(
            "SELECT at, action, details FROM audit WHERE hub_user = $p0 AND at_ticks > $p1 ORDER BY id",
            r => new AuditEntry(
                DateTimeOffset.Parse(r.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), hubUserId, r.GetString(1), r.GetString(2)),
            hubUserId, _db.Now - _retention.Ticks)));

    public async ValueTask TombstoneAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s => s.Execute(
            "UPDATE audit SET hub_user = $p1, details = $p2 WHERE hub_user = $p0", hubUserId, AuditIds.Erased(hubUserId), InMemoryAuditLog.Tombstone));
}
