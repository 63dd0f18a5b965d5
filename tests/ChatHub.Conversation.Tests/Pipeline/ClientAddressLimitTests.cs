using ChatHub.Conversation.Commands;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.RateLimiting;
using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Pipeline;

/// <summary>Answers are bounded per client address, whatever the number of (free, anonymous) people behind it.</summary>
public sealed class ClientAddressLimitTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task ProcessAsync_FreshPeopleFromOneAddress_EnginesCalledOnlyWithinTheAddressBudget()
    {
        var engine = new ScriptedChatClient(_ => ["answer"]);
        var retention = Options.Create(new RetentionOptions());
        var limiter = new MessageRateLimiter(new InMemoryTokenBucketLimiter(_time), new InMemoryIdempotencyStore(_time),
            Options.Create(new RateLimitOptions { PerClientAddressBurst = 3, PerClientAddressRefill = TimeSpan.FromHours(1) }));
        var processor = new MessageProcessor(new InMemoryIdentityMap(retention, _time), new InMemoryRoutingTable(retention, _time),
            new InMemorySessionStore(Options.Create(new SessionOptions()), _time), new CommandRegistry([]), engine, Processors.NoModeration, limiter,
            Options.Create(new HubOptions()), _time, NullLogger<MessageProcessor>.Instance);

        var replies = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var message = TestMessages.Inbound("question", chatId: $"c-{i}", userId: $"fresh-{i}") with { ClientAddress = "203.0.113.9", ReceivedAt = _time.GetUtcNow() };
            var output = await processor.ProcessAsync(message, default).ToListAsync().AsTask().DefaultTimeout();
            replies.Add(output.Single(o => o.Kind == OutboundKind.Final).Text);
        }

        var elsewhere = TestMessages.Inbound("question", chatId: "c-other", userId: "other") with { ClientAddress = "198.51.100.1", ReceivedAt = _time.GetUtcNow() };
        var other = await processor.ProcessAsync(elsewhere, default).ToListAsync().AsTask().DefaultTimeout();

        Assert.Equal(3, replies.Count(r => r == "answer"));
        Assert.Equal(3, replies.Count(r => r.Contains("from your network", StringComparison.Ordinal)));
        Assert.Equal("answer", other.Single(o => o.Kind == OutboundKind.Final).Text);
    }
}
