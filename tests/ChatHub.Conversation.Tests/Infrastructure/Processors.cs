using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Moderation;
using ChatHub.Conversation.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Infrastructure;

/// <summary>Defaults for building a MessageProcessor by hand in unit tests.</summary>
public static class Processors
{
    public static MessageRateLimiter NoRateLimit(TimeProvider time) =>
        new(new InMemoryTokenBucketLimiter(time), new InMemoryIdempotencyStore(time), Options.Create(new RateLimitOptions { Enabled = false }));

    public static ModerationService NoModeration => ModerationService.Disabled;
}
