using System.Text.Json;
using ChatHub.Conversation.Handoff;
using ChatHub.Redis.Connection;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// Hand-offs on Redis, so every node sees them: <c>handoff:id:{id}</c> and <c>handoff:person:{hubUserId}</c> both hold
/// the ticket (JSON) with the hand-off's expiry, written together by a script only when neither exists, and removed
/// together; the set <c>handoff:open</c> holds the ids for the admin API's list (an id whose ticket has expired is
/// dropped from it when listed).
/// </summary>
public sealed class RedisHandoffStore : IHandoffStore
{
    private const string Start = """
        if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
        redis.call('SADD', KEYS[3], ARGV[3])
        return 1
        """;

    private const string End = """
        redis.call('SREM', KEYS[3], ARGV[1])
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
            Start, [IdKey(ticket.Id), PersonKey(ticket.HubUserId), OpenKey], [json, (long)Math.Ceiling(expiry.TotalMilliseconds), ticket.Id])
            .WaitAsync(cancellationToken);
        return (long)reply == 1;
    }

    public ValueTask<HandoffTicket?> GetAsync(string id, CancellationToken cancellationToken) => ReadAsync(IdKey(id), cancellationToken);

    public ValueTask<HandoffTicket?> GetByPersonAsync(string hubUserId, CancellationToken cancellationToken) =>
        ReadAsync(PersonKey(hubUserId), cancellationToken);

    public async ValueTask<IReadOnlyList<HandoffTicket>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        var ids = await _redis.Database.SetMembersAsync(OpenKey).WaitAsync(cancellationToken);
        if (ids.Length == 0)
        {
            return [];
        }

        var values = await _redis.Database.StringGetAsync([.. ids.Select(id => IdKey(id.ToString()))]).WaitAsync(cancellationToken);
        var expired = ids.Where((_, i) => values[i].IsNull).ToArray();
        if (expired.Length > 0)
        {
            await _redis.Database.SetRemoveAsync(OpenKey, expired).WaitAsync(cancellationToken);
        }

        return [.. values.Where(v => !v.IsNull).Take(limit).Select(v => JsonSerializer.Deserialize(v.ToString(), RedisJsonContext.Default.HandoffTicket)!)];
    }

    public async ValueTask<bool> TryEndAsync(HandoffTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var reply = await _redis.Database.ScriptEvaluateAsync(End, [IdKey(ticket.Id), PersonKey(ticket.HubUserId), OpenKey], [ticket.Id])
            .WaitAsync(cancellationToken);
        return (long)reply == 1;
    }

    private async ValueTask<HandoffTicket?> ReadAsync(RedisKey key, CancellationToken cancellationToken)
    {
        var value = await _redis.Database.StringGetAsync(key).WaitAsync(cancellationToken);
        return value.IsNull ? null : JsonSerializer.Deserialize(value.ToString(), RedisJsonContext.Default.HandoffTicket);
    }

    private RedisKey IdKey(string id) => _keys.Key("handoff:id", id);

    private RedisKey PersonKey(string hubUserId) => _keys.Key("handoff:person", hubUserId);

    private RedisKey OpenKey => _keys.Key("handoff:open");
}
