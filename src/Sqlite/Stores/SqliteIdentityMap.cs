using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Sqlite.Database;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// The identity map in table <c>identities</c> (channel, user id → hub user; indexed by hub user). Each change is one
/// statement or one write of the single writer, so no reader sees an identity half moved.
/// </summary>
public sealed class SqliteIdentityMap : IIdentityMap
{
    private readonly SqliteDatabase _db;

    public SqliteIdentityMap(SqliteDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    public async ValueTask<string> ResolveAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        if (await FindAsync(identity, cancellationToken) is { } owner)
        {
            return owner;
        }

        // First sight: the first writer's user wins if two resolve at once.
        var candidate = NewHubUserId();
        return await _db.WriteAsync(s =>
        {
            // RETURNING gives the row only when it was inserted; after a conflict the other writer's user is read.
            return s.Text("INSERT INTO identities (channel, user_id, hub_user) VALUES ($p0, $p1, $p2) ON CONFLICT DO NOTHING RETURNING hub_user",
                       identity.Channel, identity.UserId, candidate)
                   ?? s.Text("SELECT hub_user FROM identities WHERE channel = $p0 AND user_id = $p1", identity.Channel, identity.UserId)!;
        });
    }

    public ValueTask<string?> FindAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return ValueTask.FromResult(_db.Read(s =>
            s.Text("SELECT hub_user FROM identities WHERE channel = $p0 AND user_id = $p1", identity.Channel, identity.UserId)));
    }

    public ValueTask<IReadOnlyList<PlatformIdentity>> GetIdentitiesAsync(string hubUserId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<PlatformIdentity>>(_db.Read(s => IdentitiesOf(s, hubUserId)));

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
        var fresh = NewHubUserId();
        await _db.WriteAsync(s => s.Execute(
            "INSERT INTO identities (channel, user_id, hub_user) VALUES ($p0, $p1, $p2) ON CONFLICT DO UPDATE SET hub_user = excluded.hub_user",
            identity.Channel, identity.UserId, fresh));
        return fresh;
    }

    public async ValueTask<IReadOnlyList<PlatformIdentity>> RemoveUserAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s =>
        {
            var removed = IdentitiesOf(s, hubUserId);
            s.Execute("DELETE FROM identities WHERE hub_user = $p0", hubUserId);
            return removed;
        });

    /// <summary>
    /// A new hub user id like <see cref="MessageIds.NewId"/>'s ("u_" and 22 URL-safe characters, 128 bits), but its first
    /// 48 bits are the time in milliseconds (big-endian, like a UUIDv7's) and the other 80 random: people who arrive close
    /// together get neighbouring keys, so their rows in <c>routes</c>, <c>sessions</c>, <c>session_turns</c> and the index by
    /// hub user go to the same few pages instead of one random page each (a commit writes every page it changed to the
    /// log, and a checkpoint again to the file). The first 8 characters encode the 48 time bits exactly, so ids of the
    /// same 64 ms share 7 characters.
    /// </summary>
    internal static string NewHubUserId()
    {
        Span<byte> bytes = stackalloc byte[16];
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        time[2..].CopyTo(bytes);
        RandomNumberGenerator.Fill(bytes[6..]);
        return "u_" + Base64Url.EncodeToString(bytes);
    }

    private static PlatformIdentity[] IdentitiesOf(SqliteSession session, string hubUserId)
    {
        var identities = session.Query("SELECT channel, user_id FROM identities WHERE hub_user = $p0",
            r => new PlatformIdentity(r.GetString(0), r.GetString(1)), hubUserId).ToArray();
        Array.Sort(identities, static (a, b) => string.CompareOrdinal(a.ToString(), b.ToString())); // the Redis store's order
        return identities;
    }
}
