namespace ChatHub.Redis.Conversation;

/// <summary>The identity map's scripts. KEYS[1] is always the owners hash.</summary>
internal static class IdentityScripts
{
    /// <summary>KEYS: owners, user:{candidate}. ARGV: identity, candidate. Returns the owner (existing or the candidate).</summary>
    public const string Resolve = """
        local owner = redis.call('HGET', KEYS[1], ARGV[1])
        if owner then return owner end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('SADD', KEYS[2], ARGV[1])
        return ARGV[2]
        """;

    /// <summary>KEYS: owners, user:{from}, user:{into}. ARGV: into. Returns how many identities moved.</summary>
    public const string Merge = """
        local moving = redis.call('SMEMBERS', KEYS[2])
        for _, id in ipairs(moving) do
          redis.call('HSET', KEYS[1], id, ARGV[1])
          redis.call('SADD', KEYS[3], id)
        end
        redis.call('DEL', KEYS[2])
        return #moving
        """;

    /// <summary>
    /// KEYS: owners, user:{old}, user:{fresh}. ARGV: identity, old owner ('' if none), fresh. Returns 0 (nothing done)
    /// when the owner is no longer the old one, else 1.
    /// </summary>
    public const string Detach = """
        local owner = redis.call('HGET', KEYS[1], ARGV[1]) or ''
        if owner ~= ARGV[2] then return 0 end
        if owner ~= '' then redis.call('SREM', KEYS[2], ARGV[1]) end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        redis.call('SADD', KEYS[3], ARGV[1])
        return 1
        """;

    /// <summary>KEYS: owners, user:{id}. ARGV: id. Returns the identities removed.</summary>
    public const string RemoveUser = """
        local ids = redis.call('SMEMBERS', KEYS[2])
        for _, id in ipairs(ids) do
          if redis.call('HGET', KEYS[1], id) == ARGV[1] then redis.call('HDEL', KEYS[1], id) end
        end
        redis.call('DEL', KEYS[2])
        return ids
        """;
}
