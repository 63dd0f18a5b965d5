using System.Text.Json;
using ChatHub.Conversation.Broadcasts;
using ChatHub.Conversation.Messages;
using ChatHub.Sqlite.Database;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// Broadcasts in the SQLite file: <c>broadcasts</c> (the record as JSON, its status, unique by idempotency key),
/// <c>broadcast_recipients</c> (one row per run and recipient key, in the order collected, with its state),
/// <c>broadcast_preferences</c> and <c>broadcast_lease</c>. Each change is one statement of the single writer, so a
/// conditional transition is atomic, and a restarted hub finds every recipient where it was.
/// </summary>
public sealed class SqliteBroadcastStore : IBroadcastStore
{
    private const string LeaseName = "sender";

    private readonly SqliteDatabase _db;

    public SqliteBroadcastStore(SqliteDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    public async ValueTask<(Broadcast Broadcast, bool Created)> CreateAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        var json = Serialize(broadcast);
        var created = await _db.WriteAsync(s => s.Execute(
            "INSERT INTO broadcasts (id, idempotency_key, status, created_at, broadcast) VALUES ($p0, $p1, $p2, $p3, $p4) ON CONFLICT DO NOTHING",
            broadcast.Id, broadcast.IdempotencyKey, (long)broadcast.Status, broadcast.CreatedAt.UtcTicks, json) == 1);
        if (created)
        {
            return (broadcast, true);
        }

        var existing = _db.Read(s => s.Text("SELECT broadcast FROM broadcasts WHERE idempotency_key = $p0", broadcast.IdempotencyKey))
            ?? throw new InvalidOperationException($"Broadcast '{broadcast.Id}' exists.");
        return (Deserialize(existing), false);
    }

    public ValueTask<Broadcast?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var json = _db.Read(s => s.Text("SELECT broadcast FROM broadcasts WHERE id = $p0", id));
        return ValueTask.FromResult(json is null ? null : Deserialize(json));
    }

    public ValueTask<IReadOnlyList<Broadcast>> ListActiveAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<Broadcast>>(_db.Read(s => s.Query(
            "SELECT broadcast FROM broadcasts WHERE status IN ($p0, $p1) ORDER BY created_at",
            r => Deserialize(r.GetString(0)), (long)BroadcastStatus.Scheduled, (long)BroadcastStatus.Sending)));

    public async ValueTask<bool> UpdateAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        var json = Serialize(broadcast);
        return await _db.WriteAsync(s => s.Execute(
            "UPDATE broadcasts SET status = $p1, broadcast = $p2 WHERE id = $p0 AND (status <> $p3 OR $p1 = $p3)",
            broadcast.Id, (long)broadcast.Status, json, (long)BroadcastStatus.Cancelled) == 1);
    }

    public async ValueTask<int> AddRecipientsAsync(string broadcastId, int run, IReadOnlyList<BroadcastRecipient> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            return 0;
        }

        var rows = recipients.Select(r => (r.Key, State: (long)r.State, r.HubUserId, Conversation: Serialize(r.Conversation), r.Reason)).ToList();
        return await _db.WriteAsync(s =>
        {
            var added = 0;
            foreach (var r in rows)
            {
                added += s.Execute("""
                    INSERT INTO broadcast_recipients (broadcast, run, key, state, hub_user, conversation, reason)
                    VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6) ON CONFLICT DO NOTHING
                    """, broadcastId, (long)run, r.Key, r.State, r.HubUserId, r.Conversation, r.Reason);
            }

            return added;
        });
    }

    public ValueTask<IReadOnlyList<BroadcastRecipient>> ListAsync(
        string broadcastId, int run, RecipientState state, int offset, int limit, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<BroadcastRecipient>>(_db.Read(s => s.Query(
            """
            SELECT key, hub_user, conversation, reason FROM broadcast_recipients
            WHERE broadcast = $p0 AND run = $p1 AND state = $p2 ORDER BY id LIMIT $p3 OFFSET $p4
            """,
            r => new BroadcastRecipient(
                r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : DeserializeConversation(r.GetString(2)), state, r.IsDBNull(3) ? null : r.GetString(3)),
            broadcastId, (long)run, (long)state, (long)limit, (long)offset)));

    public async ValueTask<bool> TransitionAsync(
        string broadcastId, int run, string recipientKey, RecipientState expected, RecipientState target, string? reason, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s => s.Execute(
            "UPDATE broadcast_recipients SET state = $p4, reason = $p5 WHERE broadcast = $p0 AND run = $p1 AND key = $p2 AND state = $p3",
            broadcastId, (long)run, recipientKey, (long)expected, (long)target, reason) == 1);

    public ValueTask<BroadcastCounts> CountAsync(string broadcastId, int run, CancellationToken cancellationToken) =>
        ValueTask.FromResult(BroadcastCounts.From(_db.Read(s => s.Query(
            "SELECT state, COUNT(*) FROM broadcast_recipients WHERE broadcast = $p0 AND run = $p1 GROUP BY state",
            r => KeyValuePair.Create((RecipientState)r.GetInt64(0), (int)r.GetInt64(1)), broadcastId, (long)run))));

    public async ValueTask<int> CancelPendingAsync(string broadcastId, int run, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s => s.Execute(
            "UPDATE broadcast_recipients SET state = $p3 WHERE broadcast = $p0 AND run = $p1 AND state = $p2",
            broadcastId, (long)run, (long)RecipientState.Pending, (long)RecipientState.Cancelled));

    public async ValueTask SetPreferenceAsync(string hubUserId, BroadcastPreference preference, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s =>
        {
            if (preference == BroadcastPreference.None)
            {
                s.Execute("DELETE FROM broadcast_preferences WHERE hub_user = $p0", hubUserId);
            }
            else
            {
                s.Execute(
                    "INSERT INTO broadcast_preferences (hub_user, preference) VALUES ($p0, $p1) ON CONFLICT DO UPDATE SET preference = excluded.preference",
                    hubUserId, (long)preference);
            }
        });

    public ValueTask<BroadcastPreference> GetPreferenceAsync(string hubUserId, CancellationToken cancellationToken) =>
        ValueTask.FromResult((BroadcastPreference)(_db.Read(s => s.Int64("SELECT preference FROM broadcast_preferences WHERE hub_user = $p0", hubUserId)) ?? 0));

    public ValueTask<IReadOnlyList<string>> ListOptedInAsync(string? after, int limit, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<string>>(_db.Read(s => s.Query(
            "SELECT hub_user FROM broadcast_preferences WHERE preference = $p0 AND hub_user > $p1 ORDER BY hub_user LIMIT $p2",
            r => r.GetString(0), (long)BroadcastPreference.OptedIn, after ?? "", (long)limit)));

    public async ValueTask<int> EraseUserAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var key = BroadcastIds.RecipientKey(hubUserId);
        return await _db.WriteAsync(s =>
            s.Execute("DELETE FROM broadcast_preferences WHERE hub_user = $p0", hubUserId)
            + s.Execute("""
                UPDATE broadcast_recipients SET hub_user = '', conversation = NULL,
                    reason = CASE WHEN state IN ($p1, $p2) THEN 'erased' ELSE reason END,
                    state = CASE WHEN state IN ($p1, $p2) THEN $p3 ELSE state END
                WHERE key = $p0
                """, key, (long)RecipientState.Pending, (long)RecipientState.Queued, (long)RecipientState.Skipped));
    }

    public async ValueTask<bool> TryAcquireLeaseAsync(string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = _db.Now;
        return await _db.WriteAsync(s => s.Execute("""
            INSERT INTO broadcast_lease (name, owner, expires_at) VALUES ($p0, $p1, $p2)
            ON CONFLICT DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            WHERE broadcast_lease.owner = excluded.owner OR broadcast_lease.expires_at <= $p3
            """, LeaseName, owner, now + duration.Ticks, now) == 1);
    }

    public async ValueTask ReleaseLeaseAsync(string owner, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s => s.Execute("DELETE FROM broadcast_lease WHERE name = $p0 AND owner = $p1", LeaseName, owner));

    private static string Serialize(Broadcast broadcast) => JsonSerializer.Serialize(broadcast, SqliteJsonContext.Default.Broadcast);

    private static Broadcast Deserialize(string json) => JsonSerializer.Deserialize(json, SqliteJsonContext.Default.Broadcast)!;

    private static string? Serialize(ConversationRef? conversation) =>
        conversation is null ? null : JsonSerializer.Serialize(conversation, SqliteJsonContext.Default.ConversationRef);

    private static ConversationRef DeserializeConversation(string json) => JsonSerializer.Deserialize(json, SqliteJsonContext.Default.ConversationRef)!;
}
