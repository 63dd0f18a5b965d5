using System.Globalization;
using System.Text.Json;
using ChatHub.Conversation.Broadcasts;
using ChatHub.Redis.Connection;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// Broadcasts on Redis, shared by every node: <c>broadcast:{id}</c> (JSON) with <c>broadcast:status:{id}</c>,
/// <c>broadcast:keys:{idempotency key}</c>, the set <c>broadcast:active</c>; per run <c>broadcast:recipients:{id}:{run}</c>
/// (key → JSON), <c>broadcast:state:{id}:{run}:{state}</c> (sorted sets of keys in collection order),
/// <c>broadcast:reasons:{id}:{run}</c>, <c>broadcast:seq:{id}:{run}</c>; <c>broadcast:person:{key}</c> (the runs that
/// have a person, for erasure); <c>broadcast:preferences</c> (hash) and <c>broadcast:opted-in</c> (sorted set, by id);
/// <c>broadcast:lease</c> (owner, <c>PX</c>). Every change of state is one script (<see cref="BroadcastScripts"/>).
/// </summary>
public sealed class RedisBroadcastStore : IBroadcastStore
{
    private static readonly RecipientState[] States = Enum.GetValues<RecipientState>();

    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;

    public RedisBroadcastStore(RedisConnection redis, RedisKeyspace keys)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        _redis = redis;
        _keys = keys;
    }

    private IDatabase Db => _redis.Database;

    public async ValueTask<(Broadcast Broadcast, bool Created)> CreateAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        var json = JsonSerializer.Serialize(broadcast, RedisJsonContext.Default.Broadcast);
        var status = ((int)broadcast.Status).ToString(CultureInfo.InvariantCulture);
        if (broadcast.IdempotencyKey is null)
        {
            var transaction = Db.CreateTransaction();
            _ = transaction.StringSetAsync(BroadcastKey(broadcast.Id), json);
            _ = transaction.StringSetAsync(StatusKey(broadcast.Id), status);
            _ = transaction.SetAddAsync(ActiveKey, broadcast.Id);
            await transaction.ExecuteAsync().WaitAsync(cancellationToken);
            return (broadcast, true);
        }

        var existing = await Db.ScriptEvaluateAsync(
            BroadcastScripts.Create,
            [_keys.Key("broadcast:keys", broadcast.IdempotencyKey), BroadcastKey(broadcast.Id), StatusKey(broadcast.Id), ActiveKey],
            [broadcast.Id, json, status]).WaitAsync(cancellationToken);
        if (existing.IsNull)
        {
            return (broadcast, true);
        }

        return (await GetAsync((string)existing!, cancellationToken) ?? throw new InvalidOperationException("An idempotency key names a missing broadcast."), false);
    }

    public async ValueTask<Broadcast?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var json = await Db.StringGetAsync(BroadcastKey(id)).WaitAsync(cancellationToken);
        return json.IsNull ? null : JsonSerializer.Deserialize(json.ToString(), RedisJsonContext.Default.Broadcast);
    }

    public async ValueTask<IReadOnlyList<Broadcast>> ListActiveAsync(CancellationToken cancellationToken)
    {
        var ids = await Db.SetMembersAsync(ActiveKey).WaitAsync(cancellationToken);
        var list = new List<Broadcast>(ids.Length);
        foreach (var id in ids)
        {
            if (await GetAsync(id.ToString(), cancellationToken) is { Status: BroadcastStatus.Scheduled or BroadcastStatus.Sending } broadcast)
            {
                list.Add(broadcast);
            }
        }

        list.Sort(static (a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
        return list;
    }

    public async ValueTask<bool> UpdateAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broadcast);
        var json = JsonSerializer.Serialize(broadcast, RedisJsonContext.Default.Broadcast);
        var active = broadcast.Status is BroadcastStatus.Scheduled or BroadcastStatus.Sending;
        var result = await Db.ScriptEvaluateAsync(
            BroadcastScripts.Update,
            [BroadcastKey(broadcast.Id), StatusKey(broadcast.Id), ActiveKey],
            [broadcast.Id, json, (int)broadcast.Status, (int)BroadcastStatus.Cancelled, active ? 1 : 0]).WaitAsync(cancellationToken);
        return (int)result == 1;
    }

    public async ValueTask<int> AddRecipientsAsync(string broadcastId, int run, IReadOnlyList<BroadcastRecipient> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            return 0;
        }

        var keys = new List<RedisKey> { RunKey("recipients", broadcastId, run), RunKey("seq", broadcastId, run), RunKey("reasons", broadcastId, run) };
        keys.AddRange(States.Select(s => StateKey(broadcastId, run, s)));
        keys.AddRange(recipients.Select(r => PersonKey(r.Key)));
        var values = new List<RedisValue> { Tag(broadcastId, run) };
        foreach (var r in recipients)
        {
            values.Add(r.Key);
            values.Add((int)r.State);
            values.Add(JsonSerializer.Serialize(r with { State = RecipientState.Pending, Reason = null }, RedisJsonContext.Default.BroadcastRecipient));
            values.Add(r.Reason ?? "");
        }

        return (int)await Db.ScriptEvaluateAsync(BroadcastScripts.Add, [.. keys], [.. values]).WaitAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<BroadcastRecipient>> ListAsync(
        string broadcastId, int run, RecipientState state, int offset, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0)
        {
            return [];
        }

        var members = await Db.SortedSetRangeByRankAsync(StateKey(broadcastId, run, state), offset, offset + limit - 1).WaitAsync(cancellationToken);
        if (members.Length == 0)
        {
            return [];
        }

        var fields = members.Select(m => m).ToArray();
        var jsons = await Db.HashGetAsync(RunKey("recipients", broadcastId, run), fields).WaitAsync(cancellationToken);
        var reasons = await Db.HashGetAsync(RunKey("reasons", broadcastId, run), fields).WaitAsync(cancellationToken);
        var list = new List<BroadcastRecipient>(members.Length);
        for (var i = 0; i < members.Length; i++)
        {
            if (!jsons[i].IsNull)
            {
                var recipient = JsonSerializer.Deserialize(jsons[i].ToString(), RedisJsonContext.Default.BroadcastRecipient)!;
                list.Add(recipient with { State = state, Reason = reasons[i].IsNull ? null : reasons[i].ToString() });
            }
        }

        return list;
    }

    public async ValueTask<bool> TransitionAsync(
        string broadcastId, int run, string recipientKey, RecipientState expected, RecipientState target, string? reason, CancellationToken cancellationToken) =>
        (int)await Db.ScriptEvaluateAsync(
            BroadcastScripts.Transition,
            [StateKey(broadcastId, run, expected), StateKey(broadcastId, run, target), RunKey("reasons", broadcastId, run)],
            [recipientKey, reason ?? ""]).WaitAsync(cancellationToken) == 1;

    public async ValueTask<BroadcastCounts> CountAsync(string broadcastId, int run, CancellationToken cancellationToken)
    {
        var counts = await Task.WhenAll(States.Select(s => Db.SortedSetLengthAsync(StateKey(broadcastId, run, s)))).WaitAsync(cancellationToken);
        return BroadcastCounts.From(States.Select((s, i) => KeyValuePair.Create(s, (int)counts[i])));
    }

    public async ValueTask<int> CancelPendingAsync(string broadcastId, int run, CancellationToken cancellationToken) =>
        (int)await Db.ScriptEvaluateAsync(
            BroadcastScripts.CancelPending,
            [StateKey(broadcastId, run, RecipientState.Pending), StateKey(broadcastId, run, RecipientState.Cancelled)]).WaitAsync(cancellationToken);

    public async ValueTask SetPreferenceAsync(string hubUserId, BroadcastPreference preference, CancellationToken cancellationToken)
    {
        var transaction = Db.CreateTransaction();
        _ = preference == BroadcastPreference.None
            ? transaction.HashDeleteAsync(PreferencesKey, hubUserId)
            : transaction.HashSetAsync(PreferencesKey, hubUserId, (int)preference);
        _ = preference == BroadcastPreference.OptedIn
            ? transaction.SortedSetAddAsync(OptedInKey, hubUserId, 0)
            : transaction.SortedSetRemoveAsync(OptedInKey, hubUserId);
        await transaction.ExecuteAsync().WaitAsync(cancellationToken);
    }

    public async ValueTask<BroadcastPreference> GetPreferenceAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var value = await Db.HashGetAsync(PreferencesKey, hubUserId).WaitAsync(cancellationToken);
        return value.IsNull ? BroadcastPreference.None : (BroadcastPreference)(int)value;
    }

    public async ValueTask<IReadOnlyList<string>> ListOptedInAsync(string? after, int limit, CancellationToken cancellationToken)
    {
        var members = await Db.SortedSetRangeByValueAsync(
            OptedInKey, after is null ? default : (RedisValue)after, default, after is null ? Exclude.None : Exclude.Start, Order.Ascending, 0, limit).WaitAsync(cancellationToken);
        return [.. members.Select(m => m.ToString())];
    }

    public async ValueTask<int> EraseUserAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var key = BroadcastIds.RecipientKey(hubUserId);
        var erased = await Db.HashDeleteAsync(PreferencesKey, hubUserId).WaitAsync(cancellationToken) ? 1 : 0;
        await Db.SortedSetRemoveAsync(OptedInKey, hubUserId).WaitAsync(cancellationToken);
        var anonymous = JsonSerializer.Serialize(new BroadcastRecipient(key, "", null, RecipientState.Pending), RedisJsonContext.Default.BroadcastRecipient);
        foreach (var tag in await Db.SetMembersAsync(PersonKey(key)).WaitAsync(cancellationToken))
        {
            var parts = tag.ToString().Split(':');
            var (id, run) = (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture));
            erased += (int)await Db.ScriptEvaluateAsync(
                BroadcastScripts.Erase,
                [
                    RunKey("recipients", id, run), StateKey(id, run, RecipientState.Pending), StateKey(id, run, RecipientState.Queued),
                    StateKey(id, run, RecipientState.Skipped), RunKey("reasons", id, run),
                ],
                [key, anonymous]).WaitAsync(cancellationToken);
        }

        await Db.KeyDeleteAsync(PersonKey(key)).WaitAsync(cancellationToken);
        return erased;
    }

    public async ValueTask<bool> TryAcquireLeaseAsync(string owner, TimeSpan duration, CancellationToken cancellationToken) =>
        (int)await Db.ScriptEvaluateAsync(BroadcastScripts.Lease, [LeaseKey], [owner, (long)Math.Ceiling(duration.TotalMilliseconds)])
            .WaitAsync(cancellationToken) == 1;

    public async ValueTask ReleaseLeaseAsync(string owner, CancellationToken cancellationToken) =>
        await Db.ScriptEvaluateAsync(BroadcastScripts.Release, [LeaseKey], [owner]).WaitAsync(cancellationToken);

    private RedisKey ActiveKey => _keys.Key("broadcast:active");

    private RedisKey PreferencesKey => _keys.Key("broadcast:preferences");

    private RedisKey OptedInKey => _keys.Key("broadcast:opted-in");

    private RedisKey LeaseKey => _keys.Key("broadcast:lease");

    private RedisKey BroadcastKey(string id) => _keys.Key("broadcast", id);

    private RedisKey StatusKey(string id) => _keys.Key("broadcast:status", id);

    private RedisKey PersonKey(string recipientKey) => _keys.Key("broadcast:person", recipientKey);

    private RedisKey RunKey(string area, string id, int run) => _keys.Key("broadcast:" + area, Tag(id, run));

    private RedisKey StateKey(string id, int run, RecipientState state) =>
        _keys.Key("broadcast:state", string.Create(CultureInfo.InvariantCulture, $"{id}:{run}:{(int)state}"));

    private static string Tag(string id, int run) => string.Create(CultureInfo.InvariantCulture, $"{id}:{run}");
}
