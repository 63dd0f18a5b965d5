using System.Globalization;
using ChatHub.Conversation.Audit;
using ChatHub.Redis.Connection;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// The audit log on Redis: a list per hub user (<c>audit:{id}</c>) of <c>{at:O}|{action}|{details}</c>, appended
/// with RPUSH and never trimmed. Details come last, so the tombstone script can replace them without parsing JSON.
/// </summary>
public sealed class RedisAuditLog : IAuditLog
{
    private const string Tombstone = """
        local items = redis.call('LRANGE', KEYS[1], 0, -1)
        for i, item in ipairs(items) do
          local first = string.find(item, '|', 1, true)
          local second = string.find(item, '|', first + 1, true)
          redis.call('LSET', KEYS[1], i - 1, string.sub(item, 1, second) .. ARGV[1])
        end
        return #items
        """;

    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;

    public RedisAuditLog(RedisConnection redis, RedisKeyspace keys)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        _redis = redis;
        _keys = keys;
    }

    public async ValueTask AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Action.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("An audit action cannot contain '|'.", nameof(entry));
        }

        var item = string.Concat(entry.At.ToString("O", CultureInfo.InvariantCulture), "|", entry.Action, "|", entry.Details);
        await _redis.Database.ListRightPushAsync(Key(entry.HubUserId), item).WaitAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<AuditEntry>> GetAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var items = await _redis.Database.ListRangeAsync(Key(hubUserId)).WaitAsync(cancellationToken);
        var entries = new AuditEntry[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var parts = items[i].ToString().Split('|', 3);
            entries[i] = new AuditEntry(DateTimeOffset.Parse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), hubUserId, parts[1], parts[2]);
        }

        return entries;
    }

    public async ValueTask TombstoneAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _redis.Database.ScriptEvaluateAsync(Tombstone, [Key(hubUserId)], [InMemoryAuditLog.Tombstone]).WaitAsync(cancellationToken);

    private RedisKey Key(string hubUserId) => _keys.Key("audit", hubUserId);
}
