using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Retention;
using ChatHub.Redis.Connection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// The identity map on Redis: a string per identity (<c>identity:owner:{channel:userId}</c> → hub user) that expires
/// <see cref="RetentionOptions.IdentityLifetime"/> after its last resolve (<c>GETEX … PX</c> renews it), and a set per
/// hub user (<c>identity:user:{id}</c>) that expires after the longest lifetime. Every change that touches both runs as
/// one Lua script, so a reader never sees an identity owned by a user whose set lacks it; a set may still hold an
/// identity that expired or moved, which reads skip (and drop). Identities in the hash of before issue 15
/// (<c>identity:owners</c>) are moved by the scripts when touched and by <see cref="RedisIdentityMigration"/> at start.
/// </summary>
public sealed class RedisIdentityMap : IIdentityMap
{
    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;
    private readonly RetentionOptions _retention;
    private readonly RedisKey _legacy;
    private readonly long _setTtlMs;

    public RedisIdentityMap(RedisConnection redis, RedisKeyspace keys, IOptions<RetentionOptions> retention)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(retention);
        _redis = redis;
        _keys = keys;
        _retention = retention.Value;
        _legacy = keys.Key(LegacyOwnersArea);
        var longest = _retention.Identities > _retention.WebChatIdentities ? _retention.Identities : _retention.WebChatIdentities;
        _setTtlMs = Milliseconds(longest + TimeSpan.FromDays(1));
    }

    /// <summary>The hash of owners before issue 15 (no expiry).</summary>
    internal const string LegacyOwnersArea = "identity:owners";

    public async ValueTask<string> ResolveAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        var field = Encode(identity);
        var lifetime = Lifetime(identity);
        var db = _redis.Database;
        var owner = await db.StringGetSetExpiryAsync(Owner(field), TimeSpan.FromMilliseconds(lifetime)).WaitAsync(cancellationToken);
        if (owner.IsNull)
        {
            // First sight, an expired identity, or one still in the legacy hash: the script keeps an owner that another
            // node created (or moved) meanwhile.
            var candidate = MessageIds.NewId("u_");
            owner = (RedisValue)await db.ScriptEvaluateAsync(
                IdentityScripts.Resolve, [Owner(field), _legacy, User(candidate)], [field, candidate, lifetime, _setTtlMs]).WaitAsync(cancellationToken);
            if (owner.ToString() == candidate)
            {
                return candidate;
            }
        }

        _ = db.KeyExpireAsync(User(owner.ToString()), TimeSpan.FromMilliseconds(_setTtlMs), flags: CommandFlags.FireAndForget);
        return owner.ToString();
    }

    public async ValueTask<string?> FindAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        var field = Encode(identity);
        var owner = await _redis.Database.StringGetAsync(Owner(field)).WaitAsync(cancellationToken);
        if (owner.IsNull)
        {
            owner = await _redis.Database.HashGetAsync(_legacy, field).WaitAsync(cancellationToken);
        }

        return owner.IsNull ? null : owner.ToString();
    }

    public async ValueTask<IReadOnlyList<PlatformIdentity>> GetIdentitiesAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var db = _redis.Database;
        var members = await db.SetMembersAsync(User(hubUserId)).WaitAsync(cancellationToken);
        if (members.Length == 0)
        {
            return [];
        }

        var owners = await db.StringGetAsync([.. members.Select(m => Owner(m.ToString()))]).WaitAsync(cancellationToken);
        var missing = members.Where((_, i) => owners[i].IsNull).ToArray();
        var legacy = missing.Length == 0 ? Array.Empty<RedisValue>() : await db.HashGetAsync(_legacy, missing).WaitAsync(cancellationToken);
        var live = new List<RedisValue>(members.Length);
        var stale = new List<RedisValue>();
        for (int i = 0, m = 0; i < members.Length; i++)
        {
            var owner = owners[i].IsNull ? legacy[m++] : owners[i];
            (owner == hubUserId ? live : stale).Add(members[i]);
        }

        if (stale.Count > 0)
        {
            // Expired, or moved to another user by a detach of before this read: not this user's any more.
            _ = db.SetRemoveAsync(User(hubUserId), [.. stale], CommandFlags.FireAndForget);
        }

        return Decode([.. live]);
    }

    public async ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId)
        {
            return;
        }

        var db = _redis.Database;
        // The script must be given every owner key: read the members first; one that joins meanwhile stays for the next round.
        for (var round = 0; round < 3; round++)
        {
            var members = await db.SetMembersAsync(User(fromHubUserId)).WaitAsync(cancellationToken);
            if (members.Length == 0)
            {
                return;
            }

            RedisKey[] keys = [_legacy, User(fromHubUserId), User(intoHubUserId), .. members.Select(m => Owner(m.ToString()))];
            RedisValue[] args = [fromHubUserId, intoHubUserId, _setTtlMs, .. members.SelectMany(m => new RedisValue[] { m, Lifetime(m.ToString()) })];
            await db.ScriptEvaluateAsync(IdentityScripts.Merge, keys, args).WaitAsync(cancellationToken);
        }
    }

    public async ValueTask<string> DetachAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        var field = Encode(identity);
        var lifetime = Lifetime(identity);
        var fresh = MessageIds.NewId("u_");
        while (true)
        {
            // Optimistic: the script moves the identity only if its owner is still the one read here, so that the
            // old owner's set (a key the script must be given up front) is the right one.
            var owner = await FindAsync(identity, cancellationToken);
            var reply = await _redis.Database.ScriptEvaluateAsync(
                IdentityScripts.Detach, [Owner(field), _legacy, User(owner ?? fresh), User(fresh)], [field, owner ?? string.Empty, fresh, lifetime, _setTtlMs])
                .WaitAsync(cancellationToken);
            if ((long)reply == 1)
            {
                return fresh;
            }
        }
    }

    public async ValueTask<IReadOnlyList<PlatformIdentity>> RemoveUserAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var db = _redis.Database;
        var members = await db.SetMembersAsync(User(hubUserId)).WaitAsync(cancellationToken);
        RedisKey[] keys = [_legacy, User(hubUserId), .. members.Select(m => Owner(m.ToString()))];
        RedisValue[] args = [hubUserId, .. members];
        await db.ScriptEvaluateAsync(IdentityScripts.RemoveUser, keys, args).WaitAsync(cancellationToken);
        return Decode(members);
    }

    /// <summary>
    /// Moves one identity of the legacy hash (<c>identity:owners</c>, before issue 15) to its expiring owner key, with a
    /// full lifetime from now, and gives its user's set an expiry. False when it changed or was moved meanwhile.
    /// </summary>
    internal async Task<bool> MigrateAsync(string field, string owner, CancellationToken cancellationToken) =>
        (long)await _redis.Database.ScriptEvaluateAsync(
            IdentityScripts.Migrate, [_legacy, Owner(field), User(owner)], [field, owner, Lifetime(field), _setTtlMs]).WaitAsync(cancellationToken) == 1;

    internal RedisKey LegacyOwners => _legacy;

    private RedisKey Owner(string field) => _keys.Key("identity:owner", field);

    private RedisKey User(string hubUserId) => _keys.Key("identity:user", hubUserId);

    private long Lifetime(PlatformIdentity identity) => Milliseconds(_retention.IdentityLifetime(identity.Channel));

    private long Lifetime(string field) => Lifetime(Decode(field));

    private static long Milliseconds(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);

    /// <summary><c>channel:userId</c>; channel names have no colon, so the first one separates the two.</summary>
    private static string Encode(PlatformIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.Channel.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A channel name cannot contain ':' ('{identity.Channel}').", nameof(identity));
        }

        return identity.Channel + ":" + identity.UserId;
    }

    private static PlatformIdentity Decode(string field)
    {
        var colon = field.IndexOf(':', StringComparison.Ordinal);
        return new PlatformIdentity(field[..colon], field[(colon + 1)..]);
    }

    private static PlatformIdentity[] Decode(RedisValue[] members)
    {
        var identities = new PlatformIdentity[members.Length];
        for (var i = 0; i < identities.Length; i++)
        {
            identities[i] = Decode(members[i].ToString());
        }

        // A set has no order: sort, so callers (and tests) see a stable one.
        Array.Sort(identities, static (a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return identities;
    }
}
