namespace ChatHub.Redis.RateLimiting;

internal static class RateLimitScripts
{
    /// <summary>
    /// KEYS: the buckets. ARGV: now (ms), then capacity and rate per second for each bucket. Refills every bucket; if all
    /// hold a token and none is paused, takes one from each and returns 0; otherwise changes nothing and returns how
    /// many milliseconds to wait. A bucket expires a minute after it would be full again, so idle buckets cost nothing (the
    /// minute covers clock differences between nodes).
    /// </summary>
    public const string Acquire = """
        local now = tonumber(ARGV[1])
        local state = {}
        local wait = 0
        for i = 1, #KEYS do
          local capacity = tonumber(ARGV[2 * i])
          local rate = tonumber(ARGV[2 * i + 1])
          local stored = redis.call('HMGET', KEYS[i], 't', 'u', 'p')
          local tokens = tonumber(stored[1]) or capacity
          local updated = tonumber(stored[2]) or now
          local paused = tonumber(stored[3]) or 0
          if now > updated then
            tokens = math.min(capacity, tokens + (now - updated) * rate / 1000)
            updated = now
          end
          state[i] = { tokens, updated, capacity, rate }
          if paused > now then wait = math.max(wait, paused - now) end
          if tokens < 1 then wait = math.max(wait, math.ceil((1 - tokens) * 1000 / rate)) end
        end
        if wait > 0 then return wait end
        for i = 1, #KEYS do
          local s = state[i]
          local tokens = s[1] - 1
          redis.call('HSET', KEYS[i], 't', tostring(tokens), 'u', tostring(s[2]))
          redis.call('PEXPIRE', KEYS[i], math.ceil((s[3] - tokens) * 1000 / s[4]) + 60000)
        end
        return 0
        """;

    /// <summary>KEYS: the bucket. ARGV: now (ms), duration (ms). Pauses it until now + duration (never shortens a pause).</summary>
    public const string Pause = """
        local now = tonumber(ARGV[1])
        local untilMs = now + tonumber(ARGV[2])
        local paused = tonumber(redis.call('HGET', KEYS[1], 'p')) or 0
        if untilMs > paused then redis.call('HSET', KEYS[1], 'p', tostring(untilMs)) end
        local keep = tonumber(ARGV[2]) + 60000
        if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep) end
        return 0
        """;
}
