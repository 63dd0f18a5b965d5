namespace ChatHub.Redis.Conversation;

/// <summary>The routing table's scripts: per channel the more recent route wins (a tie goes to the newcomer).</summary>
internal static class RoutingScripts
{
    /// <summary>
    /// KEYS: routes:{user}. ARGV: channel, ticks (D19), value, key TTL ms. Returns 1 when recorded, 0 when a newer
    /// route is kept. Either way the hash lives on for the TTL (the person was active).
    /// </summary>
    public const string Record = """
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        if current and string.sub(current, 1, 19) > ARGV[2] then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return 1
        """;

    /// <summary>KEYS: routes:{from}, routes:{into}. ARGV: key TTL ms. Moves every route, keeping the more recent per channel.</summary>
    public const string Merge = """
        local moving = redis.call('HGETALL', KEYS[1])
        for i = 1, #moving, 2 do
          local current = redis.call('HGET', KEYS[2], moving[i])
          if not current or string.sub(current, 1, 19) <= string.sub(moving[i + 1], 1, 19) then
            redis.call('HSET', KEYS[2], moving[i], moving[i + 1])
          end
        end
        redis.call('DEL', KEYS[1])
        if #moving > 0 then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
        return #moving / 2
        """;
}
