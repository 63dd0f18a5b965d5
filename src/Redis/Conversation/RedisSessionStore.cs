using System.Text.Json;
using ChatHub.Conversation.Sessions;
using ChatHub.Redis.Connection;
using StackExchange.Redis;
using Microsoft.Extensions.Options;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// Sessions on Redis: a list per hub user (<c>session:{id}</c>) of <c>{utcTicks:D19}|{json turn}</c>, oldest first.
/// An append is one MULTI (<see cref="IDatabase.CreateTransaction"/>: RPUSH, LTRIM to <see cref="SessionOptions.MaxTurns"/>, PEXPIRE <see cref="SessionOptions.Ttl"/>),
/// so concurrent appends from any node interleave whole; Redis expires idle sessions.
/// </summary>
public sealed class RedisSessionStore : ISessionStore
{
    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;
    private readonly SessionOptions _options;

    public RedisSessionStore(RedisConnection redis, RedisKeyspace keys, IOptions<SessionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _keys = keys;
        _options = options.Value;
    }

    public async ValueTask<IReadOnlyList<SessionTurn>> GetAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var items = await _redis.Database.ListRangeAsync(Key(hubUserId)).WaitAsync(cancellationToken);
        var turns = new SessionTurn[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            turns[i] = JsonSerializer.Deserialize(StoredValue.Payload(items[i].ToString()), RedisJsonContext.Default.SessionTurn)!;
        }

        return turns;
    }

    public async ValueTask AppendAsync(string hubUserId, IReadOnlyList<SessionTurn> turns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turns);
        if (turns.Count == 0)
        {
            return;
        }

        var key = Key(hubUserId);
        var push = new RedisValue[turns.Count];
        for (var i = 0; i < turns.Count; i++)
        {
            push[i] = Encode(turns[i]);
        }

        var transaction = _redis.Database.CreateTransaction();
        var pushed = transaction.ListRightPushAsync(key, push);
        var trimmed = transaction.ListTrimAsync(key, -_options.MaxTurns, -1);
        var expiry = transaction.KeyExpireAsync(key, TimeSpan.FromMilliseconds(TtlMilliseconds));
        await transaction.ExecuteAsync().WaitAsync(cancellationToken);
        await Task.WhenAll(pushed, trimmed, expiry).WaitAsync(cancellationToken); // a failed command throws here
    }

    public async ValueTask ClearAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _redis.Database.KeyDeleteAsync(Key(hubUserId)).WaitAsync(cancellationToken);

    public async ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId)
        {
            return;
        }

        await _redis.Database.ScriptEvaluateAsync(
            SessionScripts.Merge, [Key(fromHubUserId), Key(intoHubUserId)], [_options.MaxTurns, TtlMilliseconds]).WaitAsync(cancellationToken);
    }

    private long TtlMilliseconds => (long)Math.Ceiling(_options.Ttl.TotalMilliseconds);

    private RedisKey Key(string hubUserId) => _keys.Key("session", hubUserId);

    private static string Encode(SessionTurn turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return StoredValue.Encode(turn.At, JsonSerializer.Serialize(turn, RedisJsonContext.Default.SessionTurn));
    }
}
