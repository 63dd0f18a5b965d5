using System.Text.Json;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Sqlite.Database;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// The routing table in table <c>routes</c>: one row per hub user and channel, the route as JSON with its time in UTC
/// ticks; an upsert keeps the more recent route (a tie goes to the newcomer, as on Redis).
/// </summary>
public sealed class SqliteRoutingTable : IRoutingTable
{
    private const string Upsert = """
        INSERT INTO routes (hub_user, channel, at_ticks, entry) VALUES ($p0, $p1, $p2, $p3)
        ON CONFLICT DO UPDATE SET at_ticks = excluded.at_ticks, entry = excluded.entry WHERE excluded.at_ticks >= routes.at_ticks
        """;

    private readonly SqliteDatabase _db;

    public SqliteRoutingTable(SqliteDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    public async ValueTask RecordAsync(string hubUserId, ConversationRef conversation, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var entry = JsonSerializer.Serialize(new RouteEntry(conversation, at), SqliteJsonContext.Default.RouteEntry);
        await _db.WriteAsync(s => s.Execute(Upsert, hubUserId, conversation.Channel, at.UtcTicks, entry));
    }

    public ValueTask<IReadOnlyList<RouteEntry>> GetRoutesAsync(string hubUserId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<RouteEntry>>(_db.Read(s => s.Query(
            "SELECT entry FROM routes WHERE hub_user = $p0 ORDER BY at_ticks DESC",
            r => JsonSerializer.Deserialize(r.GetString(0), SqliteJsonContext.Default.RouteEntry)!,
            hubUserId)));

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

    public async ValueTask RemoveAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s => s.Execute("DELETE FROM routes WHERE hub_user = $p0", hubUserId));
}
