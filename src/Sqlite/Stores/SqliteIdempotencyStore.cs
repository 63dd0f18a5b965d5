using ChatHub.Conversation.Idempotency;
using ChatHub.Sqlite.Database;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// Idempotency keys in table <c>idempotency</c> (key → value, expiry), with the values of the Redis store: a claim
/// <c>1</c>, a lease <c>lease:{owner}</c>, a done marker <c>done</c>. A row past its expiry counts as absent. Every
/// read-then-write is one write of the single writer, so it is atomic. Leases left by a killed hub are dropped when
/// the database is opened (<see cref="SqliteDatabase"/>).
/// </summary>
public sealed class SqliteIdempotencyStore : IIdempotencyStore
{
    private const string DoneValue = "done";
    private const string LeasePrefix = "lease:";

    private const string Upsert = """
        INSERT INTO idempotency (key, value, expires_at) VALUES ($p0, $p1, $p2)
        ON CONFLICT DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
        """;

    private readonly SqliteDatabase _db;

    public SqliteIdempotencyStore(SqliteDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    public async ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return await _db.WriteAsync(s =>
        {
            var now = _db.Now;
            return s.Execute("""
                INSERT INTO idempotency (key, value, expires_at) VALUES ($p0, '1', $p1)
                ON CONFLICT DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at WHERE idempotency.expires_at <= $p2
                """, key, now + ttl.Ticks, now) == 1;
        });
    }

    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s => s.Execute("DELETE FROM idempotency WHERE key = $p0", key));

    public ValueTask<bool> IsDoneAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ValueTask.FromResult(_db.Read(s =>
            s.Int64("SELECT 1 FROM idempotency WHERE key = $p0 AND value = 'done' AND expires_at > $p1", key, _db.Now) is not null));
    }

    public async ValueTask<LeaseOutcome> TryAcquireLeaseAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var value = LeasePrefix + owner;
        return await _db.WriteAsync(s =>
        {
            var now = _db.Now;
            var current = s.Text("SELECT value FROM idempotency WHERE key = $p0 AND expires_at > $p1", key, now);
            if (current == DoneValue)
            {
                return LeaseOutcome.Done;
            }

            if (current is not null && current != value)
            {
                return LeaseOutcome.Held;
            }

            s.Execute(Upsert, key, value, now + lease.Ticks);
            return LeaseOutcome.Acquired;
        });
    }

    public async ValueTask MarkDoneAsync(string key, TimeSpan retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await _db.WriteAsync(s => s.Execute(Upsert, key, DoneValue, _db.Now + retention.Ticks));
    }

    public async ValueTask ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await _db.WriteAsync(s => s.Execute("DELETE FROM idempotency WHERE key = $p0 AND value = $p1", key, LeasePrefix + owner));
    }
}
