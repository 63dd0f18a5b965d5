using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The ConversationReferenceStore contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisConversationReferenceStoreTests(RedisBackend backend) : ConversationReferenceStoreSpec(backend);
