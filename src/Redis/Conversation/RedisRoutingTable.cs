using System.Text.Json;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Redis.Connection;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// The routing table on Redis: a hash per hub user (<c>routes:{id}</c>), channel → <c>{utcTicks:D19}|{json}</c>. The
/// fixed-width tick prefix lets the scripts compare times as strings, exactly (Lua numbers are doubles).
/// </summary>
public sealed class RedisRoutingTable : IRoutingTable
{
    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;

    public RedisRoutingTable(RedisConnection redis, RedisKeyspace keys)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        _redis = redis;
        _keys = keys;
    }

    public async ValueTask RecordAsync(string hubUserId, ConversationRef conversation, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var value = StoredValue.Encode(at, JsonSerializer.Serialize(new RouteEntry(conversation, at), RedisJsonContext.Default.RouteEntry));
        await _redis.Database.ScriptEvaluateAsync(RoutingScripts.Record, [Key(hubUserId)], [conversation.Channel, StoredValue.Ticks(at), value])
            .WaitAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<RouteEntry>> GetRoutesAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var values = await _redis.Database.HashValuesAsync(Key(hubUserId)).WaitAsync(cancellationToken);
        var routes = new List<RouteEntry>(values.Length);
        foreach (var value in values)
        {
            routes.Add(JsonSerializer.Deserialize(StoredValue.Payload(value.ToString()), RedisJsonContext.Default.RouteEntry)!);
        }

        routes.Sort(static (a, b) => b.LastActiveAt.CompareTo(a.LastActiveAt));
        return routes;
    }

    public async ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId)
        {
            return;
        }

        await _redis.Database.ScriptEvaluateAsync(RoutingScripts.Merge, [Key(fromHubUserId), Key(intoHubUserId)]).WaitAsync(cancellationToken);
    }

    public async ValueTask RemoveAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _redis.Database.KeyDeleteAsync(Key(hubUserId)).WaitAsync(cancellationToken);

    private RedisKey Key(string hubUserId) => _keys.Key("routes", hubUserId);
}
