using System.Text.Json;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Routing;
using ChatHub.Redis.Connection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// The routing table on Redis: a hash per hub user (<c>routes:{id}</c>), channel → <c>{utcTicks:D19}|{json}</c>. The
/// fixed-width tick prefix lets the scripts compare times as strings, exactly (Lua numbers are doubles). A route older
/// than its channel's <see cref="RetentionOptions.IdentityLifetime"/> reads as absent (by the injected clock); the hash
/// expires the longest lifetime after the person's last activity.
/// </summary>
public sealed class RedisRoutingTable : IRoutingTable
{
    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;
    private readonly RetentionOptions _retention;
    private readonly TimeProvider _time;
    private readonly long _keyTtlMs;

    public RedisRoutingTable(RedisConnection redis, RedisKeyspace keys, IOptions<RetentionOptions> retention, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(retention);
        _redis = redis;
        _keys = keys;
        _retention = retention.Value;
        _time = time;
        var longest = _retention.Identities > _retention.WebChatIdentities ? _retention.Identities : _retention.WebChatIdentities;
        _keyTtlMs = (long)Math.Ceiling(longest.TotalMilliseconds);
    }

    public async ValueTask RecordAsync(string hubUserId, ConversationRef conversation, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var value = StoredValue.Encode(at, JsonSerializer.Serialize(new RouteEntry(conversation, at), RedisJsonContext.Default.RouteEntry));
        await _redis.Database.ScriptEvaluateAsync(RoutingScripts.Record, [Key(hubUserId)], [conversation.Channel, StoredValue.Ticks(at), value, _keyTtlMs])
            .WaitAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<RouteEntry>> GetRoutesAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var values = await _redis.Database.HashValuesAsync(Key(hubUserId)).WaitAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var routes = new List<RouteEntry>(values.Length);
        foreach (var value in values)
        {
            var route = JsonSerializer.Deserialize(StoredValue.Payload(value.ToString()), RedisJsonContext.Default.RouteEntry)!;
            if (route.LastActiveAt + _retention.IdentityLifetime(route.Conversation.Channel) > now)
            {
                routes.Add(route);
            }
        }

        routes.Sort(static (a, b) => b.LastActiveAt.CompareTo(a.LastActiveAt));
        return routes;
    }

    /// <summary>
    /// SCAN over <c>routes:*</c> (the cursor is SCAN's; a page may be short or empty before the end, and a key may come
    /// twice), then the channel's field of each hash in one round trip.
    /// </summary>
    public async ValueTask<RoutePage> ListChannelAsync(string channel, string? cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var prefix = _keys.Key("routes", "");
        var reply = (RedisResult[])(await _redis.Database.ExecuteAsync("SCAN", cursor ?? "0", "MATCH", GlobEscape(prefix) + "*", "COUNT", limit)
            .WaitAsync(cancellationToken))!;
        var next = (string)reply[0]!;
        var keys = ((RedisResult[])reply[1]!).Select(k => (RedisKey)(string)k!).ToArray();
        var values = await Task.WhenAll(keys.Select(k => _redis.Database.HashGetAsync(k, channel))).WaitAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var page = new List<(string, RouteEntry)>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            if (values[i].HasValue)
            {
                var route = JsonSerializer.Deserialize(StoredValue.Payload(values[i].ToString()), RedisJsonContext.Default.RouteEntry)!;
                if (route.LastActiveAt + _retention.IdentityLifetime(channel) > now)
                {
                    page.Add((((string)keys[i]!)[prefix.Length..], route));
                }
            }
        }

        return new RoutePage(page, next == "0" ? null : next);
    }

    private static string GlobEscape(string text) =>
        string.Concat(text.Select(static c => c is '*' or '?' or '[' or ']' or '\\' ? "\\" + c : c.ToString()));

    public async ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId)
        {
            return;
        }

        await _redis.Database.ScriptEvaluateAsync(RoutingScripts.Merge, [Key(fromHubUserId), Key(intoHubUserId)], [_keyTtlMs]).WaitAsync(cancellationToken);
    }

    public async ValueTask RemoveChannelAsync(string hubUserId, string channel, CancellationToken cancellationToken) =>
        await _redis.Database.HashDeleteAsync(Key(hubUserId), channel).WaitAsync(cancellationToken);

    public async ValueTask RemoveAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _redis.Database.KeyDeleteAsync(Key(hubUserId)).WaitAsync(cancellationToken);

    private RedisKey Key(string hubUserId) => _keys.Key("routes", hubUserId);
}
