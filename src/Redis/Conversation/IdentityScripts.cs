namespace ChatHub.Redis.Conversation;

/// <summary>
/// The identity map's scripts. An identity's owner is the string <c>identity:owner:{channel:userId}</c> (expiring with
/// the identity's retention); before issue 15 it was a field of the hash <c>identity:owners</c> (no expiry), which the
/// scripts still read and move ("legacy"). Every key a script touches is passed in <c>KEYS</c>.
/// </summary>
internal static class IdentityScripts
{
    /// <summary>
    /// KEYS: owner, legacy hash, user:{candidate}. ARGV: field, candidate, lifetime ms, set TTL ms. Returns the owner
    /// (existing, moved from the legacy hash, or the candidate).
    /// </summary>
    public const string Resolve = """
        local owner = redis.call('GET', KEYS[1])
        if not owner then
          owner = redis.call('HGET', KEYS[2], ARGV[1])
          if owner then redis.call('HDEL', KEYS[2], ARGV[1]) end
        end
        if owner then
          redis.call('SET', KEYS[1], owner, 'PX', ARGV[3])
          return owner
        end
        redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
        redis.call('SADD', KEYS[3], ARGV[1])
        redis.call('PEXPIRE', KEYS[3], ARGV[4])
        return ARGV[2]
        """;

    /// <summary>
    /// KEYS: legacy hash, user:{from}, user:{into}, then one owner key per moving field. ARGV: from, into, set TTL ms,
    /// then per field: field, lifetime ms (for a legacy owner that moves). Each field still owned by <c>from</c> moves
    /// to <c>into</c> keeping its expiry; the others are dropped from <c>from</c>'s set. Returns how many moved.
    /// </summary>
    public const string Merge = """
        local moved = 0
        for i = 4, #KEYS do
          local field = ARGV[4 + (i - 4) * 2]
          local lifetime = ARGV[5 + (i - 4) * 2]
          local owner = redis.call('GET', KEYS[i])
          local ttl = redis.call('PTTL', KEYS[i])
          if owner and ttl < 0 then ttl = tonumber(lifetime) end
          if not owner then
            owner = redis.call('HGET', KEYS[1], field)
            if owner then redis.call('HDEL', KEYS[1], field) end
            ttl = tonumber(lifetime)
          end
          if owner == ARGV[1] and ttl > 0 then
            redis.call('SET', KEYS[i], ARGV[2], 'PX', ttl)
            redis.call('SADD', KEYS[3], field)
            moved = moved + 1
          end
          redis.call('SREM', KEYS[2], field)
        end
        if redis.call('SCARD', KEYS[2]) == 0 then redis.call('DEL', KEYS[2]) end
        if moved > 0 then redis.call('PEXPIRE', KEYS[3], ARGV[3]) end
        return moved
        """;

    /// <summary>
    /// KEYS: owner, legacy hash, user:{old}, user:{fresh}. ARGV: field, old owner ('' if none), fresh, lifetime ms,
    /// set TTL ms. Returns 0 (nothing done) when the owner is no longer the old one, else 1.
    /// </summary>
    public const string Detach = """
        local owner = redis.call('GET', KEYS[1])
        if not owner then owner = redis.call('HGET', KEYS[2], ARGV[1]) or '' end
        if owner ~= ARGV[2] then return 0 end
        if owner ~= '' then redis.call('SREM', KEYS[3], ARGV[1]) end
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
        redis.call('SADD', KEYS[4], ARGV[1])
        redis.call('PEXPIRE', KEYS[4], ARGV[5])
        return 1
        """;

    /// <summary>
    /// KEYS: legacy hash, user:{id}, then one owner key per field. ARGV: id, then the fields. Deletes each field's owner
    /// entry that still names the user, and the user's set. Returns how many entries were deleted.
    /// </summary>
    public const string RemoveUser = """
        local removed = 0
        for i = 3, #KEYS do
          local field = ARGV[i - 1]
          if redis.call('GET', KEYS[i]) == ARGV[1] then
            redis.call('DEL', KEYS[i])
            removed = removed + 1
          end
          if redis.call('HGET', KEYS[1], field) == ARGV[1] then
            redis.call('HDEL', KEYS[1], field)
            removed = removed + 1
          end
        end
        redis.call('DEL', KEYS[2])
        return removed
        """;

    /// <summary>
    /// KEYS: legacy hash, owner, user:{owner}. ARGV: field, owner (as read), lifetime ms, set TTL ms. Moves one legacy
    /// field to its owner key (the start-up migration) and gives the user's set its expiry; returns 1 when moved, 0 when
    /// the field changed or was gone meanwhile.
    /// </summary>
    public const string Migrate = """
        local owner = redis.call('HGET', KEYS[1], ARGV[1])
        if owner ~= ARGV[2] then return 0 end
        redis.call('HDEL', KEYS[1], ARGV[1])
        if redis.call('EXISTS', KEYS[2]) == 0 then redis.call('SET', KEYS[2], owner, 'PX', ARGV[3]) end
        redis.call('PEXPIRE', KEYS[3], ARGV[4])
        return 1
        """;
}
