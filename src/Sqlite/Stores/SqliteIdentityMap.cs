using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Retention;
using ChatHub.Sqlite.Database;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// The identity map in table <c>identities</c> (channel, user id → hub user, last seen; indexed by hub user). Each
/// change is one statement or one write of the single writer, so no reader sees an identity half moved. A row not
/// seen for its channel's <see cref="RetentionOptions.IdentityLifetime"/> reads as absent (the sweep deletes it); a
/// resolve writes the new time only when the stored one is older than <see cref="RetentionOptions.TouchSlack"/>.
/// </summary>
public sealed class SqliteIdentityMap : IIdentityMap
{
    private const string LiveOfUser =
        "SELECT channel, user_id FROM identities WHERE hub_user = $p0 AND seen_at > (CASE WHEN channel = 'webchat' THEN $p2 ELSE $p1 END)";

    private readonly SqliteDatabase _db;
    private readonly RetentionOptions _retention;

    public SqliteIdentityMap(SqliteDatabase database, IOptions<RetentionOptions> retention)
    {
        _db = database ?? throw new ArgumentNullException(nameof(database));
        ArgumentNullException.ThrowIfNull(retention);
        _retention = retention.Value;
    }

    public async ValueTask<string> ResolveAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var now = _db.Now;
        var lifetime = _retention.IdentityLifetime(identity.Channel);
        var cutoff = now - lifetime.Ticks;
        var seen = _db.Read(s => s.Single<(string, long)?>(
            "SELECT hub_user, seen_at FROM identities WHERE channel = $p0 AND user_id = $p1 AND seen_at > $p2",
            r => (r.GetString(0), r.GetInt64(1)), null, identity.Channel, identity.UserId, cutoff));
        if (seen is var (owner, seenAt))
        {
            if (seenAt < now - RetentionOptions.TouchSlack(lifetime).Ticks)
            {
                await _db.WriteAsync(s => s.Execute(
                    "UPDATE identities SET seen_at = $p2 WHERE channel = $p0 AND user_id = $p1 AND seen_at < $p2", identity.Channel, identity.UserId, now));
            }

            return owner;
        }

        // First sight (or the old row expired): the first writer's user wins if two resolve at once.
        var candidate = MessageIds.NewId("u_");
        return await _db.WriteAsync(s =>
        {
            s.Execute("""
                INSERT INTO identities (channel, user_id, hub_user, seen_at) VALUES ($p0, $p1, $p2, $p3)
                ON CONFLICT DO UPDATE SET hub_user = excluded.hub_user, seen_at = excluded.seen_at WHERE identities.seen_at <= $p4
                """, identity.Channel, identity.UserId, candidate, now, cutoff);
            return s.Text("SELECT hub_user FROM identities WHERE channel = $p0 AND user_id = $p1", identity.Channel, identity.UserId)!;
        });
    }

    public ValueTask<string?> FindAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var cutoff = _db.Now - _retention.IdentityLifetime(identity.Channel).Ticks;
        return ValueTask.FromResult(_db.Read(s =>
            s.Text("SELECT hub_user FROM identities WHERE channel = $p0 AND user_id = $p1 AND seen_at > $p2", identity.Channel, identity.UserId, cutoff)));
    }

    public ValueTask<IReadOnlyList<PlatformIdentity>> GetIdentitiesAsync(string hubUserId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<PlatformIdentity>>(_db.Read(s => IdentitiesOf(s, hubUserId, live: true)));

    public async ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId)
        {
            return;
        }

        await _db.WriteAsync(s => s.Execute("UPDATE identities SET hub_user = $p1 WHERE hub_user = $p0", fromHubUserId, intoHubUserId));
    }

    public async ValueTask<string> DetachAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var fresh = MessageIds.NewId("u_");
        await _db.WriteAsync(s => s.Execute(
            "INSERT INTO identities (channel, user_id, hub_user, seen_at) VALUES ($p0, $p1, $p2, $p3) ON CONFLICT DO UPDATE SET hub_user = excluded.hub_user, seen_at = excluded.seen_at",
            identity.Channel, identity.UserId, fresh, _db.Now));
        return fresh;
    }

    public async ValueTask<IReadOnlyList<PlatformIdentity>> RemoveUserAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s =>
        {
            var removed = IdentitiesOf(s, hubUserId, live: false);
            s.Execute("DELETE FROM identities WHERE hub_user = $p0", hubUserId);
            return removed;
        });

    private PlatformIdentity[] IdentitiesOf(SqliteSession session, string hubUserId, bool live)
    {
        var now = _db.Now;
        var identities = (live
            ? session.Query(
                LiveOfUser,
                r => new PlatformIdentity(r.GetString(0), r.GetString(1)),
                hubUserId, now - _retention.Identities.Ticks, now - _retention.WebChatIdentities.Ticks)
            : session.Query("SELECT channel, user_id FROM identities WHERE hub_user = $p0",
                r => new PlatformIdentity(r.GetString(0), r.GetString(1)), hubUserId)).ToArray();
        Array.Sort(identities, static (a, b) => string.CompareOrdinal(a.ToString(), b.ToString())); // the Redis store's order
        return identities;
    }
}
