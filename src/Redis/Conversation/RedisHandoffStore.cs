using System.Text.Json;
using ChatHub.Conversation.Handoff;
using ChatHub.Redis.Connection;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// Hand-offs on Redis, so every node sees them: <c>handoff:id:{id}</c> and <c>handoff:person:{hubUserId}</c> both hold
/// the ticket (JSON) with the hand-off's expiry, written together by a script only when neither exists, and removed
/// together.
/// </summary>
public sealed class RedisHandoffStore : IHandoffStore
{
    private const string Start = """
        if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    private const string End = """
        if redis.call('DEL', KEYS[1]) == 0 then return 0 end
        redis.call('DEL', KEYS[2])
        return 1
        """;

    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;

    public RedisHandoffStore(RedisConnection redis, RedisKeyspace keys)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        _redis = redis;
        _keys = keys;
    }

    public async ValueTask<bool> TryStartAsync(HandoffTicket ticket, TimeSpan expiry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(expiry, TimeSpan.Zero);
        var json = JsonSerializer.Serialize(ticket, RedisJsonContext.Default.HandoffTicket);
        var reply = await _redis.Database.ScriptEvaluateAsync(
            Start, [IdKey(ticket.Id), PersonKey(ticket.HubUserId)], [json, (long)Math.Ceiling(expiry.TotalMilliseconds)]).WaitAsync(cancellationToken);
        return (long)reply == 1;
    }

    public ValueTask<HandoffTicket?> GetAsync(string id, CancellationToken cancellationToken) => ReadAsync(IdKey(id), cancellationToken);

    public ValueTask<HandoffTicket?> GetByPersonAsync(string hubUserId, CancellationToken cancellationToken) =>
        ReadAsync(PersonKey(hubUserId), cancellationToken);

    public async ValueTask<bool> TryEndAsync(HandoffTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var reply = await _redis.Database.ScriptEvaluateAsync(End, [IdKey(ticket.Id), PersonKey(ticket.HubUserId)]).WaitAsync(cancellationToken);
        return (long)reply == 1;
    }

    private async ValueTask<HandoffTicket?> ReadAsync(RedisKey key, CancellationToken cancellationToken)
    {
        var value = await _redis.Database.StringGetAsync(key).WaitAsync(cancellationToken);
        return value.IsNull ? null : JsonSerializer.Deserialize(value.ToString(), RedisJsonContext.Default.HandoffTicket);
    }

    private RedisKey IdKey(string id) => _keys.Key("handoff:id", id);

    private RedisKey PersonKey(string hubUserId) => _keys.Key("handoff:person", hubUserId);
}
