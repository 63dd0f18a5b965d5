using ChatHub.Conversation.Counters;
using ChatHub.Sqlite.Database;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// Fixed-window counters in table <c>counters</c>: the first increment opens the window (its expiry), later ones only
/// count, and an increment after the window starts a new one: one upsert.
/// </summary>
public sealed class SqliteCounterStore : ICounterStore
{
    private readonly SqliteDatabase _db;

    public SqliteCounterStore(SqliteDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    public async ValueTask<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return await _db.WriteAsync(s =>
        {
            var now = _db.Now;
            return s.Int64("""
                INSERT INTO counters (key, count, expires_at) VALUES ($p0, 1, $p1)
                ON CONFLICT DO UPDATE SET
                    count = CASE WHEN counters.expires_at <= $p2 THEN 1 ELSE counters.count + 1 END,
                    expires_at = CASE WHEN counters.expires_at <= $p2 THEN excluded.expires_at ELSE counters.expires_at END
                RETURNING count
                """, key, now + window.Ticks, now)!.Value;
        });
    }

    public ValueTask<long> GetAsync(string key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_db.Read(s => s.Int64("SELECT count FROM counters WHERE key = $p0 AND expires_at > $p1", key, _db.Now) ?? 0));

    public async ValueTask ResetAsync(string key, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s => s.Execute("DELETE FROM counters WHERE key = $p0", key));
}
