using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Commands;
using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Moderation;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.RateLimiting;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Moderation;

public sealed class ModerationInPipelineTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly string _words = Path.Combine(Path.GetTempPath(), $"chathub-words-{Guid.NewGuid():N}.txt");

    public ModerationInPipelineTests() => File.WriteAllText(_words, "spam\nbadword\n");

    public void Dispose() => File.Delete(_words);

    private (MessageProcessor Processor, ScriptedChatClient Chat, WordListMonitor Monitor) Create(
        ModerationAction action, Func<IReadOnlyList<Microsoft.Extensions.AI.ChatMessage>, IEnumerable<string>>? answer = null, RateLimitOptions? limits = null)
    {
        var options = Options.Create(new ModerationOptions { WordListPath = _words, InboundAction = action });
        var monitor = new WordListMonitor(options, NullLogger<WordListMonitor>.Instance);
        var chat = new ScriptedChatClient(answer ?? (p => ["you said: " + p[^1].Text]));
        var sessions = new InMemorySessionStore(Options.Create(new SessionOptions()), _time);
        var limiter = new MessageRateLimiter(new InMemoryTokenBucketLimiter(_time), new InMemoryIdempotencyStore(_time), Options.Create(limits ?? new RateLimitOptions { Enabled = false }));
        var processor = new MessageProcessor(new InMemoryIdentityMap(Options.Create(new RetentionOptions()), TimeProvider.System), new InMemoryRoutingTable(Options.Create(new RetentionOptions()), TimeProvider.System), sessions, new CommandRegistry([]), chat,
            new ModerationService(options, monitor), limiter, Options.Create(new HubOptions()), _time, NullLogger<MessageProcessor>.Instance);
        return (processor, chat, monitor);
    }

    private static async Task<List<OutboundMessage>> RunAsync(MessageProcessor processor, InboundMessage message)
    {
        var list = new List<OutboundMessage>();
        await foreach (var m in processor.ProcessAsync(message, default))
        {
            list.Add(m);
        }

        return list;
    }

    [Fact]
    public async Task Block_ListedWord_NotAnsweredByEngine()
    {
        var (processor, chat, monitor) = Create(ModerationAction.Block);
        using var _ = monitor;
        var output = await RunAsync(processor, TestMessages.Inbound("buy s p a m now")).DefaultTimeout();

        var reply = Assert.Single(output);
        Assert.True(reply.IsError);
        Assert.Empty(chat.Prompts);
    }

    [Fact]
    public async Task Mask_ListedWord_EngineSeesMaskedText()
    {
        var (processor, chat, monitor) = Create(ModerationAction.Mask);
        using var _ = monitor;
        await RunAsync(processor, TestMessages.Inbound("buy spam now")).DefaultTimeout();
        Assert.Equal("buy **** now", chat.Prompts[0][^1].Text);
    }

    [Fact]
    public async Task Output_ListedWordFromModel_Masked()
    {
        var (processor, _, monitor) = Create(ModerationAction.Block, _ => ["this is b4dword ", "content"]);
        using var _ = monitor;
        var output = await RunAsync(processor, TestMessages.Inbound("hello")).DefaultTimeout();
        Assert.Equal("this is ******* content", output[^1].Text);
    }

    [Fact]
    public async Task RateLimit_BurstThenOneNoticeThenSilence_ThenAllowedAfterRefill()
    {
        var (processor, chat, monitor) = Create(ModerationAction.Block, limits: new RateLimitOptions
        {
            PerUserBurst = 3, PerUserRefill = TimeSpan.FromSeconds(10), PerConversationBurst = 100, NoticeWindow = TimeSpan.FromMinutes(1),
        });
        using var _ = monitor;
        var outputs = new List<List<OutboundMessage>>();
        for (var i = 0; i < 6; i++)
        {
            outputs.Add(await RunAsync(processor, TestMessages.Inbound($"q{i}", platformId: $"{i}")).DefaultTimeout());
        }

        Assert.Equal(3, chat.Prompts.Count);
        Assert.Contains("faster than I can answer", Assert.Single(outputs[3]).Text, StringComparison.Ordinal);
        Assert.Empty(outputs[4]);
        Assert.Empty(outputs[5]);

        _time.Advance(TimeSpan.FromSeconds(10));
        await RunAsync(processor, TestMessages.Inbound("later", platformId: "7")).DefaultTimeout();
        Assert.Equal(4, chat.Prompts.Count);
    }

    [Fact]
    public async Task TokenBucket_SharedKey_NeverExceedsCapacityPlusRefill()
    {
        var limiter = new InMemoryTokenBucketLimiter(_time);
        var rule = new TokenBucketRule(5, TimeSpan.FromSeconds(1));
        var granted = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 100), async (_, ct) =>
        {
            if (await limiter.TryAcquireAsync("k", rule, ct))
            {
                Interlocked.Increment(ref granted);
            }
        }).DefaultTimeout();
        Assert.Equal(5, granted);

        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await limiter.TryAcquireAsync("k", rule, default));
        Assert.True(await limiter.TryAcquireAsync("k", rule, default));
        Assert.False(await limiter.TryAcquireAsync("k", rule, default));
    }
}
