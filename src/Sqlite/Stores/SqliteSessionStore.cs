using System.Text.Json;
using ChatHub.Conversation.Sessions;
using ChatHub.Sqlite.Database;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// Sessions in tables <c>sessions</c> (hub user → next turn number, expiry) and <c>session_turns</c> (one row per turn,
/// JSON, oldest first). An append is one write: it starts afresh when the session expired, adds the turns, drops the
/// oldest beyond <see cref="SessionOptions.MaxTurns"/> and refreshes the expiry (<see cref="SessionOptions.Ttl"/>).
/// </summary>
public sealed class SqliteSessionStore : ISessionStore
{
    private readonly SqliteDatabase _db;
    private readonly SessionOptions _options;

    public SqliteSessionStore(SqliteDatabase database, IOptions<SessionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _db = database ?? throw new ArgumentNullException(nameof(database));
        _options = options.Value;
    }

    public ValueTask<IReadOnlyList<SessionTurn>> GetAsync(string hubUserId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<SessionTurn>>(_db.Read(s => s.Query(
            """
            SELECT t.turn FROM session_turns t JOIN sessions s ON s.hub_user = t.hub_user
            WHERE t.hub_user = $p0 AND s.expires_at > $p1 ORDER BY t.seq
            """,
            r => Decode(r.GetString(0)), hubUserId, _db.Now)));

    public async ValueTask AppendAsync(string hubUserId, IReadOnlyList<SessionTurn> turns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turns);
        if (turns.Count == 0)
        {
            return;
        }

        var encoded = turns.Select(t => (t.At.UtcTicks, Encode(t))).ToArray();
        await _db.WriteAsync(s =>
        {
            var now = _db.Now;
            var next = StartOrContinue(s, hubUserId, now);
            foreach (var (at, json) in encoded)
            {
                s.Execute("INSERT INTO session_turns (hub_user, seq, at_ticks, turn) VALUES ($p0, $p1, $p2, $p3)", hubUserId, next++, at, json);
            }

            Finish(s, hubUserId, next, now);
        });
    }

    public async ValueTask ClearAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s => Delete(s, hubUserId));

    public async ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId)
        {
            return;
        }

        await _db.WriteAsync(s =>
        {
            var now = _db.Now;
            var moving = LiveTurns(s, fromHubUserId, now);
            Delete(s, fromHubUserId);
            if (moving.Count == 0)
            {
                return;
            }

            // Time order; on equal times the target's turns first (a stable sort of target, then source).
            var merged = LiveTurns(s, intoHubUserId, now).Concat(moving).OrderBy(t => t.At).ToList();
            Delete(s, intoHubUserId);
            var next = 1L;
            foreach (var (at, json) in merged.Skip(Math.Max(0, merged.Count - _options.MaxTurns)))
            {
                s.Execute("INSERT INTO session_turns (hub_user, seq, at_ticks, turn) VALUES ($p0, $p1, $p2, $p3)", intoHubUserId, next++, at, json);
            }

            s.Execute("INSERT INTO sessions (hub_user, next_seq, expires_at) VALUES ($p0, $p1, $p2)", intoHubUserId, next, now + _options.Ttl.Ticks);
        });
    }

    /// <summary>The next turn number of a live session; an expired one is emptied first (its turns are not kept).</summary>
    private static long StartOrContinue(SqliteSession s, string hubUserId, long now)
    {
        var (next, expiresAt) = s.Single("SELECT next_seq, expires_at FROM sessions WHERE hub_user = $p0",
            r => (r.GetInt64(0), r.GetInt64(1)), (1L, long.MaxValue), hubUserId);
        if (expiresAt <= now)
        {
            s.Execute("DELETE FROM session_turns WHERE hub_user = $p0", hubUserId);
        }

        return next;
    }

    private void Finish(SqliteSession s, string hubUserId, long next, long now)
    {
        if (next - _options.MaxTurns > 1) // turns are numbered from 1: below that there is nothing to drop
        {
            s.Execute("DELETE FROM session_turns WHERE hub_user = $p0 AND seq < $p1", hubUserId, next - _options.MaxTurns);
        }

        s.Execute("""
            INSERT INTO sessions (hub_user, next_seq, expires_at) VALUES ($p0, $p1, $p2)
            ON CONFLICT DO UPDATE SET next_seq = excluded.next_seq, expires_at = excluded.expires_at
            """, hubUserId, next, now + _options.Ttl.Ticks);
    }

    private static List<(long At, string Json)> LiveTurns(SqliteSession s, string hubUserId, long now) => s.Query(
        """
        SELECT t.at_ticks, t.turn FROM session_turns t JOIN sessions s ON s.hub_user = t.hub_user
        WHERE t.hub_user = $p0 AND s.expires_at > $p1 ORDER BY t.seq
        """,
        r => (r.GetInt64(0), r.GetString(1)), hubUserId, now);

    private static void Delete(SqliteSession s, string hubUserId)
    {
        s.Execute("DELETE FROM session_turns WHERE hub_user = $p0", hubUserId);
        s.Execute("DELETE FROM sessions WHERE hub_user = $p0", hubUserId);
    }

    private static string Encode(SessionTurn turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return JsonSerializer.Serialize(turn, SqliteJsonContext.Default.SessionTurn);
    }

    private static SessionTurn Decode(string json) => JsonSerializer.Deserialize(json, SqliteJsonContext.Default.SessionTurn)!;
}
