namespace ChatHub.Redis.Conversation;

internal static class SessionScripts
{
    /// <summary>
    /// KEYS: session:{from}, session:{into}. ARGV: max turns, ttl (ms). Joins the source's turns into the target's in
    /// time order (a stable sort: on equal times the target's turns come first), keeps the newest max, refreshes the
    /// target's expiry and deletes the source. Nothing happens when the source is empty. Returns the turns kept.
    /// </summary>
    public const string Merge = """
        local moving = redis.call('LRANGE', KEYS[1], 0, -1)
        if #moving == 0 then return 0 end
        local target = redis.call('LRANGE', KEYS[2], 0, -1)
        local all = {}
        for i, v in ipairs(target) do all[#all + 1] = { v, i } end
        for i, v in ipairs(moving) do all[#all + 1] = { v, #target + i } end
        table.sort(all, function(a, b)
          local ta, tb = string.sub(a[1], 1, 19), string.sub(b[1], 1, 19)
          if ta ~= tb then return ta < tb end
          return a[2] < b[2]
        end)
        local first = math.max(1, #all - tonumber(ARGV[1]) + 1)
        redis.call('DEL', KEYS[2])
        for i = first, #all do redis.call('RPUSH', KEYS[2], all[i][1]) end
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        redis.call('DEL', KEYS[1])
        return #all - first + 1
        """;
}
