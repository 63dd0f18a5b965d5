using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Broadcasts;
using ChatHub.Conversation.Counters;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Memory;
using ChatHub.Conversation.RateLimiting;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Uploads;
using ChatHub.Conversation.Usage;
using ChatHub.Conversation.WebChat;
using ChatHub.Redis.Connection;
using ChatHub.Redis.Conversation;
using ChatHub.Redis.RateLimiting;
using ChatHub.Redis.WebChat;
using ChatHub.StoreSpecs;
using Microsoft.Extensions.Options;

namespace ChatHub.Redis.Tests.Backends;

/// <summary>The Redis stores of one test, under a key prefix of their own on the shared server.</summary>
public sealed class ServerStoreContext : StoreContext
{
    private readonly RedisConnection _connection;

    public ServerStoreContext(RedisConnection connection, string prefix)
    {
        _connection = connection;
        Keys = new RedisKeyspace(prefix);
    }

    public RedisKeyspace Keys { get; }

    public override IIdentityMap CreateIdentityMap() => new RedisIdentityMap(_connection, Keys, Options.Create(Retention));

    public override IRoutingTable CreateRoutingTable() => new RedisRoutingTable(_connection, Keys, Options.Create(Retention), Time);

    public override IConversationReferenceStore CreateConversationReferenceStore() => new RedisConversationReferenceStore(_connection, Keys);

    public override ISessionStore CreateSessionStore(SessionOptions options) => new RedisSessionStore(_connection, Keys, Options.Create(options));

    public override IIdempotencyStore CreateIdempotencyStore() => new RedisIdempotencyStore(_connection, Keys);

    public override ICounterStore CreateCounterStore() => new RedisCounterStore(_connection, Keys);

    public override ILinkCodeStore CreateLinkCodeStore() => new RedisLinkCodeStore(_connection, Keys, Time);

    public override IHandoffStore CreateHandoffStore() => new RedisHandoffStore(_connection, Keys);

    public override IUploadStore CreateUploadStore(UploadKind kind) => new RedisUploadStore(_connection, Keys, kind, Time);

    public override IBroadcastStore CreateBroadcastStore() => new RedisBroadcastStore(_connection, Keys);

    public override ISummaryStore CreateSummaryStore(SessionOptions options) => new RedisSummaryStore(_connection, Keys, Options.Create(options));

    public override IMemoryStore CreateMemoryStore(MemoryOptions options) =>
        new RedisMemoryStore(_connection, Keys, Options.Create(options), Options.Create(Retention), Time);

    public override IUsageStore CreateUsageStore(UsageOptions options) => new RedisUsageStore(_connection, Keys, Options.Create(options), Time);

    public override IAuditLog CreateAuditLog() => new RedisAuditLog(_connection, Keys, Options.Create(Retention), Time);

    public override IWebChatTranscript CreateTranscript(WebChatTranscriptOptions options) =>
        new RedisWebChatTranscript(_connection, Keys, Options.Create(options), Options.Create(new RedisOptions()));

    public override ITokenBucketLimiter CreateTokenBucketLimiter() => new RedisRateLimiter(_connection, Keys, Time);

    /// <summary>Moves the clock, and every key of this test closer to its expiry: keys whose TTL runs out are deleted.</summary>
    public override async Task AdvanceAsync(TimeSpan by)
    {
        await base.AdvanceAsync(by);
        await ServerClock.AdvanceAsync(_connection.Database, Keys.Prefix, by);
    }
}
