namespace ChatHub.Redis.Conversation;

/// <summary>
/// The broadcast store's scripts. A run's recipients: a hash key → JSON (who, where), one sorted set per state holding
/// the keys by the order they were collected, and a hash of reasons; each script moves a key between the sets atomically.
/// </summary>
internal static class BroadcastScripts
{
    /// <summary>KEYS: keys:{idempotency key}, broadcast:{id}, status:{id}, active. ARGV: id, json, status. Returns the existing id, or nil when created.</summary>
    public const string Create = """
        local existing = redis.call('GET', KEYS[1])
        if existing then return existing end
        redis.call('SET', KEYS[1], ARGV[1])
        redis.call('SET', KEYS[2], ARGV[2])
        redis.call('SET', KEYS[3], ARGV[3])
        redis.call('SADD', KEYS[4], ARGV[1])
        return false
        """;

    /// <summary>
    /// KEYS: broadcast:{id}, status:{id}, active. ARGV: id, json, status, cancelled status, 1 when still active. 0 when
    /// the broadcast is unknown, or cancelled and this does not cancel it.
    /// </summary>
    public const string Update = """
        local current = redis.call('GET', KEYS[2])
        if not current then return 0 end
        if current == ARGV[4] and ARGV[3] ~= ARGV[4] then return 0 end
        redis.call('SET', KEYS[1], ARGV[2])
        redis.call('SET', KEYS[2], ARGV[3])
        if ARGV[5] == '1' then redis.call('SADD', KEYS[3], ARGV[1]) else redis.call('SREM', KEYS[3], ARGV[1]) end
        return 1
        """;

    /// <summary>
    /// KEYS: recipients hash, seq counter, reasons hash, the 6 state sets, then one person index per recipient. ARGV: the
    /// run's tag ({id}:{run}), then key, state, json, reason per recipient. Returns how many were added.
    /// </summary>
    public const string Add = """
        local added = 0
        local n = (#ARGV - 1) / 4
        for i = 1, n do
          local b = 1 + (i - 1) * 4
          if redis.call('HSETNX', KEYS[1], ARGV[b + 1], ARGV[b + 3]) == 1 then
            local seq = redis.call('INCR', KEYS[2])
            redis.call('ZADD', KEYS[4 + tonumber(ARGV[b + 2])], seq, ARGV[b + 1])
            if ARGV[b + 4] ~= '' then redis.call('HSET', KEYS[3], ARGV[b + 1], ARGV[b + 4]) end
            redis.call('SADD', KEYS[9 + i], ARGV[1])
            added = added + 1
          end
        end
        return added
        """;

    /// <summary>KEYS: from set, to set, reasons hash. ARGV: key, reason ('' for none). 1 when moved.</summary>
    public const string Transition = """
        local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if not score then return 0 end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('ZADD', KEYS[2], score, ARGV[1])
        if ARGV[2] ~= '' then redis.call('HSET', KEYS[3], ARGV[1], ARGV[2]) else redis.call('HDEL', KEYS[3], ARGV[1]) end
        return 1
        """;

    /// <summary>KEYS: pending set, cancelled set. Moves every member; returns how many.</summary>
    public const string CancelPending = """
        local members = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
        for i = 1, #members, 2 do redis.call('ZADD', KEYS[2], members[i + 1], members[i]) end
        redis.call('DEL', KEYS[1])
        return #members / 2
        """;

    /// <summary>
    /// KEYS: recipients hash, pending set, queued set, skipped set, reasons hash. ARGV: key, the anonymous json. Keeps the
    /// state (pending and queued become skipped, "erased"); 1 when the run had the key.
    /// </summary>
    public const string Erase = """
        if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        for _, set in ipairs({KEYS[2], KEYS[3]}) do
          local score = redis.call('ZSCORE', set, ARGV[1])
          if score then
            redis.call('ZREM', set, ARGV[1])
            redis.call('ZADD', KEYS[4], score, ARGV[1])
            redis.call('HSET', KEYS[5], ARGV[1], 'erased')
          end
        end
        return 1
        """;

    /// <summary>KEYS: lease. ARGV: owner, ms. 1 when taken or renewed.</summary>
    public const string Lease = """
        local current = redis.call('GET', KEYS[1])
        if current and current ~= ARGV[1] then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    /// <summary>KEYS: lease. ARGV: owner.</summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
        return 1
        """;
}
