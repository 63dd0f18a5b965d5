using System.Text.Json;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Redis.Connection;

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
        await _redis.Client.EvalAsync(RoutingScripts.Record, [Key(hubUserId)], [conversation.Channel, StoredValue.Ticks(at), value], cancellationToken);
    }

    public async ValueTask<IReadOnlyList<RouteEntry>> GetRoutesAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var fields = await _redis.Client.HashGetAllAsync(Key(hubUserId), cancellationToken);
        var routes = new List<RouteEntry>(fields.Count);
        foreach (var value in fields.Values)
        {
            routes.Add(JsonSerializer.Deserialize(StoredValue.Payload(value), RedisJsonContext.Default.RouteEntry)!);
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

        await _redis.Client.EvalAsync(RoutingScripts.Merge, [Key(fromHubUserId), Key(intoHubUserId)], [], cancellationToken);
    }

    public async ValueTask RemoveAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _redis.Client.DeleteAsync(Key(hubUserId), cancellationToken);

    private string Key(string hubUserId) => _keys.Key("routes", hubUserId);
}
