using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Redis.Connection;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// The identity map on Redis: one hash <c>identity:owners</c> (identity → hub user) and a set per hub user
/// (<c>identity:user:{id}</c>). Every change that touches both runs as one Lua script, so a reader never sees an identity
/// owned by a user whose set lacks it (or the reverse).
/// </summary>
public sealed class RedisIdentityMap : IIdentityMap
{
    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;
    private readonly RedisKey _owners;

    public RedisIdentityMap(RedisConnection redis, RedisKeyspace keys)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        _redis = redis;
        _keys = keys;
        _owners = keys.Key("identity:owners");
    }

    public async ValueTask<string> ResolveAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        var field = Encode(identity);
        var owner = await _redis.Database.HashGetAsync(_owners, field).WaitAsync(cancellationToken);
        if (!owner.IsNull)
        {
            return owner.ToString();
        }

        // First sight: the script keeps the owner if another node created one in the meantime.
        var candidate = MessageIds.NewId("u_");
        var reply = await _redis.Database.ScriptEvaluateAsync(IdentityScripts.Resolve, [_owners, User(candidate)], [field, candidate])
            .WaitAsync(cancellationToken);
        return reply.ToString();
    }

    public async ValueTask<string?> FindAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        var owner = await _redis.Database.HashGetAsync(_owners, Encode(identity)).WaitAsync(cancellationToken);
        return owner.IsNull ? null : owner.ToString();
    }

    public async ValueTask<IReadOnlyList<PlatformIdentity>> GetIdentitiesAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var members = await _redis.Database.SetMembersAsync(User(hubUserId)).WaitAsync(cancellationToken);
        return Decode(members);
    }

    public async ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId)
        {
            return;
        }

        await _redis.Database.ScriptEvaluateAsync(
            IdentityScripts.Merge, [_owners, User(fromHubUserId), User(intoHubUserId)], [intoHubUserId]).WaitAsync(cancellationToken);
    }

    public async ValueTask<string> DetachAsync(PlatformIdentity identity, CancellationToken cancellationToken)
    {
        var field = Encode(identity);
        var fresh = MessageIds.NewId("u_");
        while (true)
        {
            // Optimistic: the script moves the identity only if its owner is still the one read here, so that the
            // old owner's set (a key the script must be given up front) is the right one.
            var read = await _redis.Database.HashGetAsync(_owners, field).WaitAsync(cancellationToken);
            var owner = read.IsNull ? null : read.ToString();
            var reply = await _redis.Database.ScriptEvaluateAsync(
                IdentityScripts.Detach, [_owners, User(owner ?? fresh), User(fresh)], [field, owner ?? string.Empty, fresh])
                .WaitAsync(cancellationToken);
            if ((long)reply == 1)
            {
                return fresh;
            }
        }
    }

    public async ValueTask<IReadOnlyList<PlatformIdentity>> RemoveUserAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var reply = await _redis.Database.ScriptEvaluateAsync(IdentityScripts.RemoveUser, [_owners, User(hubUserId)], [hubUserId])
            .WaitAsync(cancellationToken);
        return Decode((RedisValue[])reply!);
    }

    private RedisKey User(string hubUserId) => _keys.Key("identity:user", hubUserId);

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

    private static PlatformIdentity[] Decode(RedisValue[] members)
    {
        var identities = new PlatformIdentity[members.Length];
        for (var i = 0; i < identities.Length; i++)
        {
            var text = members[i].ToString();
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            identities[i] = new PlatformIdentity(text[..colon], text[(colon + 1)..]);
        }

        // A set has no order: sort, so callers (and tests) see a stable one.
        Array.Sort(identities, static (a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return identities;
    }
}
