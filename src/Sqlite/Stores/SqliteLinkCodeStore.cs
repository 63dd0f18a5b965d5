using System.Text.Json;
using ChatHub.Conversation.Linking;
using ChatHub.Sqlite.Database;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// Link codes in table <c>link_codes</c> (selector → code JSON, used flag, expiry at <see cref="LinkCode.ExpiresAt"/>).
/// A selector is free again once its code expired; marking used is one conditional update, so exactly one caller wins.
/// </summary>
public sealed class SqliteLinkCodeStore : ILinkCodeStore
{
    private readonly SqliteDatabase _db;

    public SqliteLinkCodeStore(SqliteDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    public async ValueTask<bool> TryAddAsync(LinkCode code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var expiresAt = code.ExpiresAt.UtcTicks;
        if (expiresAt <= _db.Now)
        {
            return true; // already expired: stored and gone at once, as in memory and on Redis
        }

        var json = JsonSerializer.Serialize(code, SqliteJsonContext.Default.LinkCode);
        return await _db.WriteAsync(s => s.Execute("""
            INSERT INTO link_codes (selector, code, used, expires_at) VALUES ($p0, $p1, 0, $p2)
            ON CONFLICT DO UPDATE SET code = excluded.code, used = 0, expires_at = excluded.expires_at WHERE link_codes.expires_at <= $p3
            """, code.Selector, json, expiresAt, _db.Now) == 1);
    }

    public ValueTask<(LinkCode Code, bool Used)?> GetAsync(string selector, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_db.Read(s => s.Single<(LinkCode, bool)?>(
            "SELECT code, used FROM link_codes WHERE selector = $p0 AND expires_at > $p1",
            r => (JsonSerializer.Deserialize(r.GetString(0), SqliteJsonContext.Default.LinkCode)!, r.GetInt64(1) != 0),
            null, selector, _db.Now)));

    public async ValueTask<bool> TryMarkUsedAsync(string selector, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s =>
            s.Execute("UPDATE link_codes SET used = 1 WHERE selector = $p0 AND used = 0 AND expires_at > $p1", selector, _db.Now) == 1);

    public async ValueTask RemoveAsync(string selector, CancellationToken cancellationToken) =>
        await _db.WriteAsync(s => s.Execute("DELETE FROM link_codes WHERE selector = $p0", selector));
}
