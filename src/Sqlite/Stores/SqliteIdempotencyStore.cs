using ChatHub.Conversation.Idempotency;
using ChatHub.Sqlite.Database;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// Idempotency keys: claims (<c>1</c>) and done markers (<c>done</c>) in table <c>idempotency</c> (key → value, expiry),
/// the values of the Redis store; a row past its expiry counts as absent, and a read-then-write is one write of the single
/// writer, so it is atomic. Leases live in memory (<see cref="LeaseTable"/>): only this process can hold one (the lock
/// file), and a killed hub's leases must not outlive it. A done marker is in effect at once (noted in memory, with its
/// lease dropped, under the lease lock) and committed behind, in order with every later write: its callers, who mark
/// what they already did, do not wait for the disk, and a crash before the commit is the same as one just before the
/// call (the step runs again and the ledger absorbs it). Taking a lease checks the lease, the pending marker and the
/// committed one, then takes it, under the same lock; so a lease is never taken for work that is done.
/// </summary>
public sealed partial class SqliteIdempotencyStore : IIdempotencyStore
{
    private const string DoneValue = "done";

    private const string Upsert = """
        INSERT INTO idempotency (key, value, expires_at) VALUES ($p0, $p1, $p2)
        ON CONFLICT DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
        """;

    private readonly SqliteDatabase _db;
    private readonly ILogger _logger;

    public SqliteIdempotencyStore(SqliteDatabase database, ILogger<SqliteIdempotencyStore>? logger = null)
    {
        _db = database ?? throw new ArgumentNullException(nameof(database));
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The file it keeps its keys in (the durable inbox writes accept markers with its rows when it is the same).</summary>
    internal SqliteDatabase Database => _db;

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
        var now = _db.Now;
        lock (_db.Leases.Gate)
        {
            if (_db.Leases.IsPendingDone(key, now))
            {
                return ValueTask.FromResult(true);
            }
        }

        return ValueTask.FromResult(_db.Read(s =>
            s.Int64("SELECT 1 FROM idempotency WHERE key = $p0 AND value = 'done' AND expires_at > $p1", key, now) is not null));
    }

    public ValueTask<LeaseOutcome> TryAcquireLeaseAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        var leases = _db.Leases;
        lock (leases.Gate)
        {
            var now = _db.Now;
            if (leases.LiveOwner(key, now) is { } holder && holder != owner)
            {
                return ValueTask.FromResult(LeaseOutcome.Held);
            }

            // No live lease of another owner: a done marker, if any, is pending (noted with the lease's removal) or committed.
            if (leases.IsPendingDone(key, now))
            {
                return ValueTask.FromResult(LeaseOutcome.Done);
            }

            var current = _db.Read(s => s.Text("SELECT value FROM idempotency WHERE key = $p0 AND expires_at > $p1", key, now));
            if (current == DoneValue)
            {
                return ValueTask.FromResult(LeaseOutcome.Done);
            }

            if (current is not null)
            {
                return ValueTask.FromResult(LeaseOutcome.Held); // a claim: one scheme per key
            }

            leases.Set(key, owner, now + lease.Ticks);
            return ValueTask.FromResult(LeaseOutcome.Acquired);
        }
    }

    public ValueTask MarkDoneAsync(string key, TimeSpan retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var expiresAt = _db.Now + retention.Ticks;
        var leases = _db.Leases;
        leases.MarkPendingDone(key, expiresAt); // in effect for every caller from here on
        _db.WriteBehind(
            s => s.Execute(Upsert, key, DoneValue, expiresAt),
            () => leases.DoneCommitted(key, expiresAt),
            error =>
            {
                leases.DoneCommitted(key, expiresAt);
                LogMarkerLost(_logger, key, error.GetType().Name, error);
            });
        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        _db.Leases.Release(key, owner);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 5555, Level = LogLevel.Error, Message = "The done marker {Key} could not be written ({ErrorType}); after a restart its work may run again")]
    private static partial void LogMarkerLost(ILogger logger, string key, string errorType, Exception exception);
}
