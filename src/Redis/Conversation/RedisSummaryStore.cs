using ChatHub.Conversation.Sessions;
using ChatHub.Redis.Connection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// Conversation summaries on Redis: a string per hub user (<c>summary:{id}</c>), <c>{upToTicks:D19}|{text}</c>, expiring
/// <see cref="SessionOptions.Ttl"/> after the write. A write and a link's merge are scripts: a write never replaces a
/// summary that covers a later turn.
/// </summary>
public sealed class RedisSummaryStore : ISummaryStore
{
    private const string Set = """
        local current = redis.call('GET', KEYS[1])
        if current and string.sub(current, 1, 19) > string.sub(ARGV[1], 1, 19) then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    /// <summary>KEYS: summary:{from}, summary:{into}. ARGV: ttl (ms). Both texts, the older first, up to the later time.</summary>
    private const string Merge = """
        local from = redis.call('GET', KEYS[1])
        if not from then return 0 end
        redis.call('DEL', KEYS[1])
        local into = redis.call('GET', KEYS[2])
        local merged = from
        if into then
          local older, newer = into, from
          if string.sub(into, 1, 19) > string.sub(from, 1, 19) then older, newer = from, into end
          merged = string.sub(newer, 1, 19) .. '|' .. string.sub(older, 21) .. '\n\n' .. string.sub(newer, 21)
        end
        redis.call('SET', KEYS[2], merged, 'PX', ARGV[1])
        return 1
        """;

    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;
    private readonly long _ttlMs;

    public RedisSummaryStore(RedisConnection redis, RedisKeyspace keys, IOptions<SessionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _keys = keys;
        _ttlMs = (long)Math.Ceiling(options.Value.Ttl.TotalMilliseconds);
    }

    public async ValueTask<ConversationSummary?> GetAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var value = await _redis.Database.StringGetAsync(Key(hubUserId)).WaitAsync(cancellationToken);
        if (value.IsNull)
        {
            return null;
        }

        var text = value.ToString();
        var ticks = long.Parse(text.AsSpan(0, StoredValue.TicksLength), System.Globalization.CultureInfo.InvariantCulture);
        return new ConversationSummary(StoredValue.Payload(text), new DateTimeOffset(ticks, TimeSpan.Zero));
    }

    public async ValueTask SetAsync(string hubUserId, ConversationSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        await _redis.Database.ScriptEvaluateAsync(Set, [Key(hubUserId)], [StoredValue.Encode(summary.UpTo, summary.Text), _ttlMs])
            .WaitAsync(cancellationToken);
    }

    public async ValueTask ClearAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _redis.Database.KeyDeleteAsync(Key(hubUserId)).WaitAsync(cancellationToken);

    public async ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId)
        {
            return;
        }

        await _redis.Database.ScriptEvaluateAsync(Merge, [Key(fromHubUserId), Key(intoHubUserId)], [_ttlMs]).WaitAsync(cancellationToken);
    }

    private RedisKey Key(string hubUserId) => _keys.Key("summary", hubUserId);
}
