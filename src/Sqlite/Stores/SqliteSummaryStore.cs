using ChatHub.Conversation.Sessions;
using ChatHub.Sqlite.Database;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// Conversation summaries in table <c>summaries</c> (hub user → text, the time of the last turn folded in, expiry
/// <see cref="SessionOptions.Ttl"/> after the write). A write that would replace a summary covering a later turn is
/// ignored (one conditional statement of the single writer).
/// </summary>
public sealed class SqliteSummaryStore : ISummaryStore
{
    private readonly SqliteDatabase _db;
    private readonly SessionOptions _options;

    public SqliteSummaryStore(SqliteDatabase database, IOptions<SessionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _db = database ?? throw new ArgumentNullException(nameof(database));
        _options = options.Value;
    }

    public ValueTask<ConversationSummary?> GetAsync(string hubUserId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_db.Read(s => Live(s, hubUserId, _db.Now)));

    public async ValueTask SetAsync(string hubUserId, ConversationSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        await _db.WriteAsync(s =>
        {
            var now = _db.Now;
            s.Execute("""
                INSERT INTO summaries (hub_user, text, up_to, expires_at) VALUES ($p0, $p1, $p2, $p3)
                ON CONFLICT DO UPDATE SET text = excluded.text, up_to = excluded.up_to, expires_at = excluded.expires_at
                WHERE summaries.expires_at <= $p4 OR summaries.up_to <= excluded.up_to
                """, hubUserId, summary.Text, summary.UpTo.UtcTicks, now + _options.Ttl.Ticks, now);
        });
    }

    public async ValueTask ClearAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s => s.Execute("DELETE FROM summaries WHERE hub_user = $p0", hubUserId));

    public async ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId)
        {
            return;
        }

        await _db.WriteAsync(s =>
        {
            var now = _db.Now;
            var from = Live(s, fromHubUserId, now);
            s.Execute("DELETE FROM summaries WHERE hub_user = $p0", fromHubUserId);
            if (from is null)
            {
                return;
            }

            var merged = InMemorySummaryStore.Merge(Live(s, intoHubUserId, now), from);
            s.Execute("""
                INSERT INTO summaries (hub_user, text, up_to, expires_at) VALUES ($p0, $p1, $p2, $p3)
                ON CONFLICT DO UPDATE SET text = excluded.text, up_to = excluded.up_to, expires_at = excluded.expires_at
                """, intoHubUserId, merged.Text, merged.UpTo.UtcTicks, now + _options.Ttl.Ticks);
        });
    }

    private static ConversationSummary? Live(SqliteSession s, string hubUserId, long now) => s.Single<ConversationSummary?>(
        "SELECT text, up_to FROM summaries WHERE hub_user = $p0 AND expires_at > $p1",
        static r => new ConversationSummary(r.GetString(0), new DateTimeOffset(r.GetInt64(1), TimeSpan.Zero)), null, hubUserId, now);
}
