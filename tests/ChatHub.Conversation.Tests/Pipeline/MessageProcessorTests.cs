using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Commands;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Pipeline;

public sealed class MessageProcessorTests
{
    private readonly ManualTimerProvider _time = new();
    private readonly InMemorySessionStore _sessions;
    private readonly InMemoryRoutingTable _routes;
    private readonly InMemoryIdentityMap _identities;

    public MessageProcessorTests()
    {
        _sessions = new InMemorySessionStore(Options.Create(new SessionOptions()), _time);
        _routes = new InMemoryRoutingTable(Options.Create(new RetentionOptions()), _time);
        _identities = new InMemoryIdentityMap(Options.Create(new RetentionOptions()), _time);
    }

    private MessageProcessor Create(IChatClient chat, HubOptions? options = null) =>
        new(_identities, _routes, _sessions, new CommandRegistry([new HelpCommand(), new ResetCommand(_sessions)]), chat, Processors.NoModeration, Processors.NoRateLimit(_time),
            Options.Create(options ?? new HubOptions()), _time, NullLogger<MessageProcessor>.Instance);

    private static async Task<List<OutboundMessage>> RunAsync(MessageProcessor processor, InboundMessage message)
    {
        var result = new List<OutboundMessage>();
        await foreach (var m in processor.ProcessAsync(message, CancellationToken.None))
        {
            result.Add(m);
        }

        return result;
    }

    [Fact]
    public async Task ProcessAsync_FastAnswer_OnlyTheFinalWithSourceAndThreading()
    {
        var processor = Create(new ScriptedChatClient(_ => ["Hello ", "there"]));
        var inbound = TestMessages.Inbound("hi", platformId: "42");

        var output = await RunAsync(processor, inbound).DefaultTimeout();

        Assert.Equal([OutboundKind.Final], output.Select(o => o.Kind)); // no typing before an immediate answer
        var final = output[^1];
        Assert.Equal("Hello there", final.Text);
        Assert.Equal(ReplySource.Knowledge, final.Source);
        Assert.Equal(inbound.Id, final.InReplyTo);
        Assert.Equal("42", final.ReplyToPlatformMessageId);
        Assert.Equal(inbound.Conversation, final.Conversation);
        Assert.Equal(MessageIds.ReplyTo(inbound.Id), final.Id);
    }

    [Fact]
    public async Task ProcessAsync_SecondTurn_PromptContainsEarlierTurns()
    {
        var chat = new ScriptedChatClient(p => [$"answer {p.Count}"]);
        var processor = Create(chat);
        await RunAsync(processor, TestMessages.Inbound("my name is Ada", platformId: "1")).DefaultTimeout();
        await RunAsync(processor, TestMessages.Inbound("what is my name?", platformId: "2")).DefaultTimeout();

        var second = chat.Prompts[1];
        Assert.Equal(["my name is Ada", "answer 1", "what is my name?"], second.Select(m => m.Text));
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User], second.Select(m => m.Role));
    }

    [Fact]
    public async Task ProcessAsync_Reset_ClearsSession()
    {
        var chat = new ScriptedChatClient(p => [$"n={p.Count}"]);
        var processor = Create(chat);
        await RunAsync(processor, TestMessages.Inbound("one", platformId: "1")).DefaultTimeout();
        var reset = await RunAsync(processor, TestMessages.Inbound("/reset", platformId: "2")).DefaultTimeout();
        await RunAsync(processor, TestMessages.Inbound("two", platformId: "3")).DefaultTimeout();

        Assert.Equal(ReplySource.System, Assert.Single(reset).Source);
        Assert.Single(chat.Prompts[1]); // the session was empty again
    }

    [Theory]
    [InlineData("/help")]
    [InlineData("/help@ChatHubBot")]
    [InlineData("  /HELP  ")]
    public async Task ProcessAsync_Help_ListsCommands(string text)
    {
        var chat = new ScriptedChatClient(_ => ["never"]);
        var output = await RunAsync(Create(chat), TestMessages.Inbound(text)).DefaultTimeout();

        var reply = Assert.Single(output);
        Assert.Contains("/help", reply.Text, StringComparison.Ordinal);
        Assert.Contains("/reset", reply.Text, StringComparison.Ordinal);
        Assert.Empty(chat.Prompts);
    }

    [Fact]
    public async Task ProcessAsync_UnknownCommand_SaysSo()
    {
        var output = await RunAsync(Create(new ScriptedChatClient(_ => ["x"])), TestMessages.Inbound("/frobnicate now")).DefaultTimeout();
        Assert.Contains("/frobnicate", Assert.Single(output).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessAsync_InferenceThrows_PoliteErrorReplyAndNoSessionTurn()
    {
        var chat = new ScriptedChatClient(_ => throw new InvalidOperationException("backend down"));
        var inbound = TestMessages.Inbound("hi");
        var output = await RunAsync(Create(chat), inbound).DefaultTimeout();

        var final = output[^1];
        Assert.True(final.IsError);
        Assert.Equal(ReplySource.System, final.Source);
        Assert.Empty(await _sessions.GetAsync(await _identities.ResolveAsync(new(inbound.Conversation.Channel, "user-1"), default), default));
    }

    [Fact]
    public async Task ProcessAsync_SlowStream_PublishesCumulativePartials()
    {
        var chat = new ScriptedChatClient(_ => ["a", "b", "c"]);
        chat.BeforeEachChunk = _ =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return Task.CompletedTask;
        };
        var output = await RunAsync(Create(chat, new HubOptions { PartialReplyInterval = TimeSpan.FromMilliseconds(500) }), TestMessages.Inbound("q")).DefaultTimeout();

        Assert.Equal([OutboundKind.Partial, OutboundKind.Partial, OutboundKind.Partial, OutboundKind.Final], output.Select(o => o.Kind));
        Assert.Equal(["a", "ab", "abc", "abc"], output.Select(o => o.Text));
        Assert.Single(output.Select(o => o.Id).Distinct());
    }

    private static readonly HubOptions NoPartials = new() { PartialReplyInterval = TimeSpan.Zero };

    /// <summary>A model whose first words wait for <paramref name="firstWords"/>; the rest follow at once.</summary>
    private static ScriptedChatClient SlowFirstWords(TaskCompletionSource firstWords)
    {
        var chunks = 0;
        return new ScriptedChatClient(_ => ["slow ", "answer"])
        {
            BeforeEachChunk = _ => Interlocked.Increment(ref chunks) == 1 ? firstWords.Task : Task.CompletedTask,
        };
    }

    [Fact]
    public async Task ProcessAsync_FirstWordsLaterThanTypingDelay_TypingThenFinal()
    {
        var firstWords = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inbound = TestMessages.Inbound("hi", platformId: "42");
        var running = RunAsync(Create(SlowFirstWords(firstWords), NoPartials), inbound);

        await _time.WaitForTimerAsync(new HubOptions().TypingDelay).DefaultTimeout();
        _time.Advance(new HubOptions().TypingDelay);
        firstWords.SetResult();
        var output = await running.DefaultTimeout();

        Assert.Equal([OutboundKind.Typing, OutboundKind.Final], output.Select(o => o.Kind));
        Assert.Equal("slow answer", output[^1].Text);
        Assert.Equal(MessageIds.ReplyTo(inbound.Id), output[0].Id);
        Assert.Equal("42", output[0].ReplyToPlatformMessageId);
    }

    [Fact]
    public async Task ProcessAsync_FirstWordsJustBeforeTypingDelay_NoTyping()
    {
        var firstWords = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = RunAsync(Create(SlowFirstWords(firstWords), NoPartials), TestMessages.Inbound("hi"));

        await _time.WaitForTimerAsync(new HubOptions().TypingDelay).DefaultTimeout();
        _time.Advance(new HubOptions().TypingDelay - TimeSpan.FromMilliseconds(1));
        firstWords.SetResult();
        var output = await running.DefaultTimeout();

        Assert.Equal([OutboundKind.Final], output.Select(o => o.Kind));
    }

    [Fact]
    public async Task ProcessAsync_TypingDelayZero_TypingBeforeEvenAFastAnswer()
    {
        var processor = Create(new ScriptedChatClient(_ => ["fast"]), new HubOptions { TypingDelay = TimeSpan.Zero });

        var output = await RunAsync(processor, TestMessages.Inbound("hi")).DefaultTimeout();

        Assert.Equal([OutboundKind.Typing, OutboundKind.Final], output.Select(o => o.Kind));
    }

    [Fact]
    public async Task ProcessAsync_RecordsRoute()
    {
        var inbound = TestMessages.Inbound("hi") with { ReceivedAt = _time.GetUtcNow() };
        await RunAsync(Create(new ScriptedChatClient(_ => ["x"])), inbound).DefaultTimeout();
        var user = await _identities.ResolveAsync(new(inbound.Conversation.Channel, "user-1"), default);
        Assert.Equal(inbound.Conversation, Assert.Single(await _routes.GetRoutesAsync(user, default)).Conversation);
    }
}
