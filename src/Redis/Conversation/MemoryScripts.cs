namespace ChatHub.Redis.Conversation;

/// <summary>
/// The memory store's scripts. Values are <c>{savedTicks:D19}|{json MemoryEntry}</c>; an entry is live when its ticks are
/// above the cut-off (now minus <c>Retention:Memories</c>, passed in as 19 digits: string order is time order).
/// </summary>
internal static class MemoryScripts
{
    /// <summary>
    /// KEYS: memory:notes:{user}. ARGV: id, value, cut-off, max entries, ttl (ms). Drops the expired entries, then adds
    /// the entry unless its id is live (1) or the user is at the cap (2); on an add (0) the hash's expiry is renewed.
    /// </summary>
    public const string Add = """
        local all = redis.call('HGETALL', KEYS[1])
        local live = 0
        for i = 1, #all, 2 do
          if string.sub(all[i + 1], 1, 19) <= ARGV[3] then redis.call('HDEL', KEYS[1], all[i])
          elseif all[i] == ARGV[1] then return 1
          else live = live + 1 end
        end
        if live >= tonumber(ARGV[4]) then return 2 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 0
        """;

    /// <summary>KEYS: memory:notes:{user}. ARGV: id, cut-off. Deletes the entry; 1 when it was live.</summary>
    public const string Remove = """
        local value = redis.call('HGET', KEYS[1], ARGV[1])
        if not value then return 0 end
        redis.call('HDEL', KEYS[1], ARGV[1])
        if string.sub(value, 1, 19) > ARGV[2] then return 1 end
        return 0
        """;

    /// <summary>KEYS: memory:notes:{user}. ARGV: cut-off. Deletes the hash; returns how many live entries it held.</summary>
    public const string Clear = """
        local values = redis.call('HVALS', KEYS[1])
        local live = 0
        for _, v in ipairs(values) do if string.sub(v, 1, 19) > ARGV[1] then live = live + 1 end end
        redis.call('DEL', KEYS[1])
        return live
        """;

    /// <summary>
    /// KEYS: memory:notes:{from}, memory:notes:{into}, memory:groups:{from}. ARGV: cut-off, max entries, ttl (ms). Joins
    /// the source's live entries into the target's (an id both have: the target's), in time order (then id order), keeps
    /// the newest max, renews the target's expiry, deletes the source and its group setting. Returns the entries kept.
    /// </summary>
    public const string Merge = """
        local function live(key)
          local all = redis.call('HGETALL', key)
          local out = {}
          for i = 1, #all, 2 do
            if string.sub(all[i + 1], 1, 19) > ARGV[1] then out[#out + 1] = { all[i], all[i + 1] } end
          end
          return out
        end
        redis.call('DEL', KEYS[3])
        local moving = live(KEYS[1])
        redis.call('DEL', KEYS[1])
        if #moving == 0 then return 0 end
        local seen, all = {}, {}
        for _, e in ipairs(live(KEYS[2])) do seen[e[1]] = true; all[#all + 1] = e end
        for _, e in ipairs(moving) do
          if not seen[e[1]] then seen[e[1]] = true; all[#all + 1] = e end
        end
        table.sort(all, function(a, b)
          local ta, tb = string.sub(a[2], 1, 19), string.sub(b[2], 1, 19)
          if ta ~= tb then return ta < tb end
          return a[1] < b[1]
        end)
        local first = math.max(1, #all - tonumber(ARGV[2]) + 1)
        redis.call('DEL', KEYS[2])
        for i = first, #all do redis.call('HSET', KEYS[2], all[i][1], all[i][2]) end
        redis.call('PEXPIRE', KEYS[2], ARGV[3])
        return #all - first + 1
        """;
}
