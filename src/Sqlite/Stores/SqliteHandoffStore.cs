using System.Text.Json;
using ChatHub.Conversation.Handoff;
using ChatHub.Sqlite.Database;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// Hand-offs in table <c>handoffs</c> (id → hub user, ticket JSON, expiry; unique by hub user), so an open hand-off
/// survives a restart. A row past its expiry counts as absent: starting one first deletes the expired rows of its id and
/// its person, then inserts only when neither is taken, in one write of the single writer, so exactly one caller wins.
/// </summary>
public sealed class SqliteHandoffStore : IHandoffStore
{
    private readonly SqliteDatabase _db;

    public SqliteHandoffStore(SqliteDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    public async ValueTask<bool> TryStartAsync(HandoffTicket ticket, TimeSpan expiry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expiry, TimeSpan.Zero);
        var json = JsonSerializer.Serialize(ticket, SqliteJsonContext.Default.HandoffTicket);
        return await _db.WriteAsync(s =>
        {
            var now = _db.Now;
            s.Execute("DELETE FROM handoffs WHERE (id = $p0 OR hub_user = $p1) AND expires_at <= $p2", ticket.Id, ticket.HubUserId, now);
            return s.Execute("""
                INSERT INTO handoffs (id, hub_user, ticket, expires_at) VALUES ($p0, $p1, $p2, $p3) ON CONFLICT DO NOTHING
                """, ticket.Id, ticket.HubUserId, json, now + expiry.Ticks) == 1;
        });
    }

    public ValueTask<HandoffTicket?> GetAsync(string id, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Find("SELECT ticket FROM handoffs WHERE id = $p0 AND expires_at > $p1", id));

    public ValueTask<HandoffTicket?> GetByPersonAsync(string hubUserId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Find("SELECT ticket FROM handoffs WHERE hub_user = $p0 AND expires_at > $p1", hubUserId));

    public ValueTask<IReadOnlyList<HandoffTicket>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var rows = _db.Read(s => s.Query("SELECT ticket FROM handoffs WHERE expires_at > $p0 LIMIT $p1", static row => row.GetString(0), _db.Now, limit));
        IReadOnlyList<HandoffTicket> open = [.. rows.Select(json => JsonSerializer.Deserialize(json, SqliteJsonContext.Default.HandoffTicket)!)];
        return ValueTask.FromResult(open);
    }

    public async ValueTask<bool> TryEndAsync(HandoffTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return await _db.WriteAsync(s =>
        {
            var active = s.Int64("SELECT 1 FROM handoffs WHERE id = $p0 AND expires_at > $p1", ticket.Id, _db.Now) is not null;
            s.Execute("DELETE FROM handoffs WHERE id = $p0", ticket.Id);
            return active;
        });
    }

    private HandoffTicket? Find(string sql, string key)
    {
        var json = _db.Read(s => s.Text(sql, key, _db.Now));
        return json is null ? null : JsonSerializer.Deserialize(json, SqliteJsonContext.Default.HandoffTicket);
    }
}
