using ChatHub.Redis.Tests.Backends;
using ChatHub.StoreSpecs;

namespace ChatHub.Redis.Tests.Stores;

/// <summary>The WebChatTranscript contract against redis-server.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisWebChatTranscriptTests(RedisBackend backend) : WebChatTranscriptSpec(backend);
