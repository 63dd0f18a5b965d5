using System.Text.Json;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Routing;
using ChatHub.Sqlite.Database;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// The routing table in table <c>routes</c>: one row per hub user and channel, the route as JSON with its time in UTC
/// ticks; an upsert keeps the more recent route (a tie goes to the newcomer, as on Redis). A route older than its
/// channel's <see cref="RetentionOptions.IdentityLifetime"/> reads as absent (the sweep deletes it).
/// </summary>
public sealed class SqliteRoutingTable : IRoutingTable
{
    private const string Upsert = """
        INSERT INTO routes (hub_user, channel, at_ticks, entry) VALUES ($p0, $p1, $p2, $p3)
        ON CONFLICT DO UPDATE SET at_ticks = excluded.at_ticks, entry = excluded.entry WHERE excluded.at_ticks >= routes.at_ticks
        """;

    private readonly SqliteDatabase _db;
    private readonly RetentionOptions _retention;

    public SqliteRoutingTable(SqliteDatabase database, IOptions<RetentionOptions> retention)
    {
        _db = database ?? throw new ArgumentNullException(nameof(database));
        ArgumentNullException.ThrowIfNull(retention);
        _retention = retention.Value;
    }

    public async ValueTask RecordAsync(string hubUserId, ConversationRef conversation, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var entry = JsonSerializer.Serialize(new RouteEntry(conversation, at), SqliteJsonContext.Default.RouteEntry);
        await _db.WriteAsync(s => s.Execute(Upsert, hubUserId, conversation.Channel, at.UtcTicks, entry));
    }

    public ValueTask<IReadOnlyList<RouteEntry>> GetRoutesAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var now = _db.Now;
        return ValueTask.FromResult<IReadOnlyList<RouteEntry>>(_db.Read(s => s.Query(
            "SELECT entry FROM routes WHERE hub_user = $p0 AND at_ticks > (CASE WHEN channel = 'webchat' THEN $p2 ELSE $p1 END) ORDER BY at_ticks DESC",
            r => JsonSerializer.Deserialize(r.GetString(0), SqliteJsonContext.Default.RouteEntry)!,
            hubUserId, now - _retention.Identities.Ticks, now - _retention.WebChatIdentities.Ticks)));
    }

    public ValueTask<RoutePage> ListChannelAsync(string channel, string? cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var cutoff = _db.Now - _retention.IdentityLifetime(channel).Ticks;
        var page = _db.Read(s => s.Query(
            "SELECT hub_user, entry FROM routes WHERE channel = $p0 AND hub_user > $p1 AND at_ticks > $p2 ORDER BY hub_user LIMIT $p3",
            r => (r.GetString(0), JsonSerializer.Deserialize(r.GetString(1), SqliteJsonContext.Default.RouteEntry)!),
            channel, cursor ?? "", cutoff, limit));
        return ValueTask.FromResult(new RoutePage(page, page.Count < limit ? null : page[^1].Item1));
    }

    public async ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId)
        {
            return;
        }

        await _db.WriteAsync(s =>
        {
            s.Execute("""
                INSERT INTO routes (hub_user, channel, at_ticks, entry) SELECT $p1, channel, at_ticks, entry FROM routes WHERE hub_user = $p0
                ON CONFLICT DO UPDATE SET at_ticks = excluded.at_ticks, entry = excluded.entry WHERE excluded.at_ticks >= routes.at_ticks
                """, fromHubUserId, intoHubUserId);
            s.Execute("DELETE FROM routes WHERE hub_user = $p0", fromHubUserId);
        });
    }

    public async ValueTask RemoveChannelAsync(string hubUserId, string channel, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s => s.Execute("DELETE FROM routes WHERE hub_user = $p0 AND channel = $p1", hubUserId, channel));

    public async ValueTask RemoveAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s => s.Execute("DELETE FROM routes WHERE hub_user = $p0", hubUserId));
}
