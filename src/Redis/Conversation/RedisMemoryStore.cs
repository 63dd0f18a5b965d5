using System.Text.Json;
using ChatHub.Conversation.Memory;
using ChatHub.Conversation.Retention;
using ChatHub.Redis.Connection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// Memory on Redis: a hash per hub user (<c>memory:notes:{id}</c>), entry id → <c>{savedTicks:D19}|{json}</c>, expiring
/// <see cref="RetentionOptions.Memories"/> after the last add; an entry older than that reads as absent (by the injected
/// clock) and is dropped by the next add. Adds (with the cap), removals, clears and merges are scripts
/// (<see cref="MemoryScripts"/>). The group setting is a string (<c>memory:groups:{id}</c>) with the same TTL.
/// </summary>
public sealed class RedisMemoryStore : IMemoryStore
{
    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;
    private readonly MemoryOptions _options;
    private readonly RetentionOptions _retention;
    private readonly TimeProvider _time;
    private readonly long _ttlMs;

    public RedisMemoryStore(RedisConnection redis, RedisKeyspace keys, IOptions<MemoryOptions> options, IOptions<RetentionOptions> retention, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(retention);
        _redis = redis;
        _keys = keys;
        _options = options.Value;
        _retention = retention.Value;
        _time = time;
        _ttlMs = (long)Math.Ceiling(_retention.Memories.TotalMilliseconds);
    }

    public async ValueTask<IReadOnlyList<MemoryEntry>> GetAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var values = await _redis.Database.HashValuesAsync(Notes(hubUserId)).WaitAsync(cancellationToken);
        var cutoff = _time.GetUtcNow() - _retention.Memories;
        var entries = new List<MemoryEntry>(values.Length);
        foreach (var value in values)
        {
            var entry = JsonSerializer.Deserialize(StoredValue.Payload(value.ToString()), RedisJsonContext.Default.MemoryEntry)!;
            if (entry.SavedAt > cutoff)
            {
                entries.Add(entry);
            }
        }

        return InMemoryMemoryStore.Order(entries);
    }

    public async ValueTask<MemoryAddOutcome> AddAsync(string hubUserId, MemoryEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var value = StoredValue.Encode(entry.SavedAt, JsonSerializer.Serialize(entry, RedisJsonContext.Default.MemoryEntry));
        var reply = await _redis.Database.ScriptEvaluateAsync(
            MemoryScripts.Add, [Notes(hubUserId)], [entry.Id, value, Cutoff, _options.MaxEntries, _ttlMs]).WaitAsync(cancellationToken);
        return (MemoryAddOutcome)(int)reply;
    }

    public async ValueTask<bool> RemoveAsync(string hubUserId, string id, CancellationToken cancellationToken) =>
        (int)await _redis.Database.ScriptEvaluateAsync(MemoryScripts.Remove, [Notes(hubUserId)], [id, Cutoff]).WaitAsync(cancellationToken) == 1;

    public async ValueTask<int> ClearAsync(string hubUserId, CancellationToken cancellationToken) =>
        (int)await _redis.Database.ScriptEvaluateAsync(MemoryScripts.Clear, [Notes(hubUserId)], [Cutoff]).WaitAsync(cancellationToken);

    public async ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId)
        {
            return;
        }

        await _redis.Database.ScriptEvaluateAsync(
            MemoryScripts.Merge, [Notes(fromHubUserId), Notes(intoHubUserId), Groups(fromHubUserId)], [Cutoff, _options.MaxEntries, _ttlMs])
            .WaitAsync(cancellationToken);
    }

    public async ValueTask<bool> GetGroupsEnabledAsync(string hubUserId, CancellationToken cancellationToken) =>
        await _redis.Database.KeyExistsAsync(Groups(hubUserId)).WaitAsync(cancellationToken);

    public async ValueTask SetGroupsEnabledAsync(string hubUserId, bool enabled, CancellationToken cancellationToken)
    {
        if (enabled)
        {
            await _redis.Database.StringSetAsync(Groups(hubUserId), "1", TimeSpan.FromMilliseconds(_ttlMs)).WaitAsync(cancellationToken);
        }
        else
        {
            await _redis.Database.KeyDeleteAsync(Groups(hubUserId)).WaitAsync(cancellationToken);
        }
    }

    private string Cutoff => StoredValue.Ticks(_time.GetUtcNow() - _retention.Memories);

    private RedisKey Notes(string hubUserId) => _keys.Key("memory:notes", hubUserId);

    private RedisKey Groups(string hubUserId) => _keys.Key("memory:groups", hubUserId);
}
