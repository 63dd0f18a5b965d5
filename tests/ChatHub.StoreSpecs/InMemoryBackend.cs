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
using Microsoft.Extensions.Options;

namespace ChatHub.StoreSpecs;

/// <summary>The embedded implementations, which the Redis ones must match.</summary>
public sealed class InMemoryBackend : StoreBackend
{
    public override StoreContext CreateContext() => new Context();

    private sealed class Context : StoreContext
    {
        private InMemoryConversationReferenceStore? _references; // one per context: the process's store

        public override IIdentityMap CreateIdentityMap() => new InMemoryIdentityMap(Options.Create(Retention), Time);

        public override IRoutingTable CreateRoutingTable() => new InMemoryRoutingTable(Options.Create(Retention), Time);

        public override IConversationReferenceStore CreateConversationReferenceStore() => _references ??= new InMemoryConversationReferenceStore(Time);

        public override ISessionStore CreateSessionStore(SessionOptions options) => new InMemorySessionStore(Options.Create(options), Time);

        public override IIdempotencyStore CreateIdempotencyStore() => new InMemoryIdempotencyStore(Time);

        public override ICounterStore CreateCounterStore() => new InMemoryCounterStore(Time);

        public override ILinkCodeStore CreateLinkCodeStore() => new InMemoryLinkCodeStore(Time);

        public override IAuditLog CreateAuditLog() => new InMemoryAuditLog(Options.Create(Retention), Time);

        public override IWebChatTranscript CreateTranscript(WebChatTranscriptOptions options) => new InMemoryWebChatTranscript(Options.Create(options), Time);

        public override ITokenBucketLimiter CreateTokenBucketLimiter() => new InMemoryTokenBucketLimiter(Time);

        public override IHandoffStore CreateHandoffStore() => new InMemoryHandoffStore(Time);

        public override IUploadStore CreateUploadStore(UploadKind kind) => new InMemoryUploadStore(kind, Time);

        public override IBroadcastStore CreateBroadcastStore() => new InMemoryBroadcastStore(Time);

        public override ISummaryStore CreateSummaryStore(SessionOptions options) => new InMemorySummaryStore(Options.Create(options), Time);

        public override IMemoryStore CreateMemoryStore(MemoryOptions options) => new InMemoryMemoryStore(Options.Create(options), Options.Create(Retention), Time);

        public override IUsageStore CreateUsageStore(UsageOptions options) => new InMemoryUsageStore(Options.Create(options), Time);
    }
}
