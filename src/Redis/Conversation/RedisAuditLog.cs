using System.Globalization;
using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Retention;
using ChatHub.Redis.Connection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// The audit log on Redis: a list per hub user (<c>audit:{id}</c>) of <c>{at:O, UTC}|{action}|{details}</c>, appended with
/// RPUSH. Entries older than <see cref="RetentionOptions.Audit"/> read as absent (by the injected clock), each append
/// drops such entries from the head (entries are written in time order), and the list expires that long after its
/// last append. Details come last, so the tombstone script can replace them without parsing JSON.
/// </summary>
public sealed class RedisAuditLog : IAuditLog
{
    /// <summary>
    /// KEYS: audit:{id}. ARGV: item, cut-off (UTC, the first 27 characters of the <c>O</c> format: entries are stored in
    /// UTC, so text order is time order), TTL ms.
    /// </summary>
    private const string Append = """
        for i = 1, 100 do
          local head = redis.call('LINDEX', KEYS[1], 0)
          if not head or string.sub(head, 1, 27) >= ARGV[2] then break end
          redis.call('LPOP', KEYS[1])
        end
        redis.call('RPUSH', KEYS[1], ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    /// <summary>KEYS: audit:{id}, audit:{erased id}. ARGV: tombstone, TTL ms. Moves the entries, details replaced.</summary>
    private const string Tombstone = """
        local items = redis.call('LRANGE', KEYS[1], 0, -1)
        for i, item in ipairs(items) do
          local first = string.find(item, '|', 1, true)
          local second = string.find(item, '|', first + 1, true)
          redis.call('RPUSH', KEYS[2], string.sub(item, 1, second) .. ARGV[1])
        end
        redis.call('DEL', KEYS[1])
        if #items > 0 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
        return #items
        """;

    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;

    public RedisAuditLog(RedisConnection redis, RedisKeyspace keys, IOptions<RetentionOptions> retention, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(retention);
        _redis = redis;
        _keys = keys;
        _retention = retention.Value.Audit;
        _time = time;
    }

    public async ValueTask AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Action.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("An audit action cannot contain '|'.", nameof(entry));
        }

        var item = string.Concat(entry.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture), "|", entry.Action, "|", entry.Details);
        var cutoff = (_time.GetUtcNow() - _retention).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture);
        await _redis.Database.ScriptEvaluateAsync(Append, [Key(entry.HubUserId)], [item, cutoff, TtlMs]).WaitAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<AuditEntry>> GetAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var items = await _redis.Database.ListRangeAsync(Key(hubUserId)).WaitAsync(cancellationToken);
        var cutoff = _time.GetUtcNow() - _retention;
        var entries = new List<AuditEntry>(items.Length);
        foreach (var item in items)
        {
            var parts = item.ToString().Split('|', 3);
            var at = DateTimeOffset.Parse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            if (at > cutoff)
            {
                entries.Add(new AuditEntry(at, hubUserId, parts[1], parts[2]));
            }
        }

        return entries;
    }

    public async ValueTask TombstoneAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _redis.Database.ScriptEvaluateAsync(Tombstone, [Key(hubUserId), Key(AuditIds.Erased(hubUserId))], [InMemoryAuditLog.Tombstone, TtlMs])
            .WaitAsync(cancellationToken);

    private long TtlMs => (long)Math.Ceiling(_retention.TotalMilliseconds);

    private RedisKey Key(string hubUserId) => _keys.Key("audit", hubUserId);
}
