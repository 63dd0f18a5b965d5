using System.Text.Json;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Sqlite.Database;

namespace ChatHub.Sqlite.Stores;

/// <summary>
/// Link codes in table <c>link_codes</c> (selector → issuer, code JSON, used flag, expiry at <see cref="LinkCode.ExpiresAt"/>;
/// indexed by issuer). A selector is free again once its code expired; adding a code removes the issuer's other codes in
/// the same write; marking used is one conditional update, so exactly one caller wins.
/// </summary>
public sealed class SqliteLinkCodeStore : ILinkCodeStore
{
    private readonly SqliteDatabase _db;

    public SqliteLinkCodeStore(SqliteDatabase database) => _db = database ?? throw new ArgumentNullException(nameof(database));

    public async ValueTask<bool> TryAddAsync(LinkCode code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var expiresAt = code.ExpiresAt.UtcTicks;
        var issuer = code.Issuer.ToString();
        if (expiresAt <= _db.Now)
        {
            // Already expired: stored and gone at once, as in memory and on Redis (it still replaces the issuer's last code).
            await _db.WriteAsync(s => s.Execute("DELETE FROM link_codes WHERE issuer = $p0", issuer));
            return true;
        }

        var json = JsonSerializer.Serialize(code, SqliteJsonContext.Default.LinkCode);
        return await _db.WriteAsync(s =>
        {
            var now = _db.Now;
            var added = s.Execute("""
                INSERT INTO link_codes (selector, issuer, code, used, expires_at) VALUES ($p0, $p1, $p2, 0, $p3)
                ON CONFLICT DO UPDATE SET issuer = excluded.issuer, code = excluded.code, used = 0, expires_at = excluded.expires_at
                WHERE link_codes.expires_at <= $p4
                """, code.Selector, issuer, json, expiresAt, now) == 1;
            if (added)
            {
                s.Execute("DELETE FROM link_codes WHERE issuer = $p0 AND selector <> $p1", issuer, code.Selector);
            }

            return added;
        });
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

    public async ValueTask<int> RemoveIssuedByAsync(PlatformIdentity issuer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return await _db.WriteAsync(s =>
        {
            var live = (int)(s.Int64("SELECT count(*) FROM link_codes WHERE issuer = $p0 AND expires_at > $p1", issuer.ToString(), _db.Now) ?? 0);
            s.Execute("DELETE FROM link_codes WHERE issuer = $p0", issuer.ToString());
            return live;
        });
    }
}
