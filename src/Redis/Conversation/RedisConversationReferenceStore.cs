using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Routing;
using ChatHub.Redis.Connection;
using StackExchange.Redis;

namespace ChatHub.Redis.Conversation;

/// <summary>
/// Conversation references on Redis, so every node's sender has them: <c>convref:{conversationKey}</c> holds the
/// adapter's value with its lifetime as the key's TTL (<c>SET PX</c>), renewed by each write.
/// </summary>
public sealed class RedisConversationReferenceStore : IConversationReferenceStore
{
    private readonly RedisConnection _redis;
    private readonly RedisKeyspace _keys;

    public RedisConversationReferenceStore(RedisConnection redis, RedisKeyspace keys)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keys);
        _redis = redis;
        _keys = keys;
    }

    public async ValueTask SetAsync(ConversationRef conversation, string reference, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        await _redis.Database.StringSetAsync(Key(conversation), reference, lifetime).WaitAsync(cancellationToken);
    }

    public async ValueTask<string?> GetAsync(ConversationRef conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var value = await _redis.Database.StringGetAsync(Key(conversation)).WaitAsync(cancellationToken);
        return value.HasValue ? value.ToString() : null;
    }

    public async ValueTask<bool> RemoveAsync(ConversationRef conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return await _redis.Database.KeyDeleteAsync(Key(conversation)).WaitAsync(cancellationToken);
    }

    private RedisKey Key(ConversationRef conversation) => _keys.Key("convref", conversation.Key);
}
