using ChatHub.Conversation.Audit;
using ChatHub.Conversation.Broadcasts;
using ChatHub.Conversation.Counters;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Linking;
using ChatHub.Conversation.Memory;
using ChatHub.Conversation.RateLimiting;
using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Uploads;
using ChatHub.Conversation.Usage;
using ChatHub.Conversation.WebChat;

namespace ChatHub.StoreSpecs;

/// <summary>
/// One test's view of a backend: fresh stores (on Redis: under a key prefix of their own) and a clock that moves only
/// when the test says so. <see cref="AdvanceAsync"/> moves the manual clock and, on a server, every key's remaining
/// TTL by the same amount, so expiry is tested without waiting (SQLite stores read their expiry from the clock itself).
/// </summary>
public abstract class StoreContext : IAsyncDisposable
{
    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The retention the identity map, routing table and audit log are created with (a test may change it first).</summary>
    public RetentionOptions Retention { get; } = new();

    public abstract IIdentityMap CreateIdentityMap();

    public abstract IRoutingTable CreateRoutingTable();

    /// <summary>The adapters' conversation references (Teams: the service URL).</summary>
    public abstract IConversationReferenceStore CreateConversationReferenceStore();

    public abstract ISessionStore CreateSessionStore(SessionOptions options);

    public abstract IIdempotencyStore CreateIdempotencyStore();

    public abstract ICounterStore CreateCounterStore();

    public abstract ILinkCodeStore CreateLinkCodeStore();

    public abstract IAuditLog CreateAuditLog();

    public abstract IWebChatTranscript CreateTranscript(WebChatTranscriptOptions options);

    /// <summary>The pipeline's token buckets; a backend without them (SQLite: rate limits stay in memory) does not run the suite.</summary>
    public virtual ITokenBucketLimiter CreateTokenBucketLimiter() => throw new NotSupportedException($"{GetType().Name} has no token buckets.");

    /// <summary>The hand-offs to a human.</summary>
    public virtual IHandoffStore CreateHandoffStore() => throw new NotSupportedException($"{GetType().Name} has no hand-off store.");

    /// <summary>Broadcasts, their recipients, preferences and the sending lease.</summary>
    public virtual IBroadcastStore CreateBroadcastStore() => throw new NotSupportedException($"{GetType().Name} has no broadcast store.");

    /// <summary>Rolling conversation summaries (they expire with <see cref="SessionOptions.Ttl"/>).</summary>
    public virtual ISummaryStore CreateSummaryStore(SessionOptions options) => throw new NotSupportedException($"{GetType().Name} has no summary store.");

    /// <summary>What people asked the hub to remember (entries expire by <see cref="Retention"/>'s <c>Memories</c>).</summary>
    public virtual IMemoryStore CreateMemoryStore(MemoryOptions options) => throw new NotSupportedException($"{GetType().Name} has no memory store.");

    /// <summary>Usage per person, day, platform and bot, and the budget notices (days kept <see cref="UsageOptions.Retention"/>).</summary>
    public virtual IUsageStore CreateUsageStore(UsageOptions options) => throw new NotSupportedException($"{GetType().Name} has no usage store.");

    /// <summary>The web chat's uploaded pictures (the voice messages' store is the same code with other bounds).</summary>
    public virtual IUploadStore CreateUploadStore(UploadKind kind) => throw new NotSupportedException($"{GetType().Name} has no upload store.");

    public virtual Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        return Task.CompletedTask;
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
