using ChatHub.Conversation.Commands;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Memory;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Moderation;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Memory;

/// <summary>
/// The worker and the commands around memory: "remember that …" kept without the model, the person's facts handed to
/// the answer engine in direct chats (and in groups only after /memory groups on), /memory, /forget.
/// </summary>
public sealed class MemoryProcessingTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemorySessionStore _sessions;
    private readonly InMemoryIdentityMap _identities;
    private readonly InMemoryRoutingTable _routes;
    private readonly InMemoryMemoryStore _store;
    private readonly ScriptedChatClient _chat = new(_ => ["An answer."]);
    private MemoryOptions _options = new() { MaxEntries = 3, MaxLength = 40 };

    public MemoryProcessingTests()
    {
        _sessions = new InMemorySessionStore(Options.Create(new SessionOptions()), _time);
        _identities = new InMemoryIdentityMap(Options.Create(new RetentionOptions()), _time);
        _routes = new InMemoryRoutingTable(Options.Create(new RetentionOptions()), _time);
        _store = new InMemoryMemoryStore(Options.Create(_options), Options.Create(new RetentionOptions()), _time);
    }

    private MemoryService Service(ModerationService? moderation = null) =>
        new(_store, moderation ?? Processors.NoModeration, Options.Create(_options), _time, NullLogger<MemoryService>.Instance);

    private MessageProcessor Create(MemoryService memory) =>
        new(_identities, _routes, _sessions, new CommandRegistry([new MemoryCommand(memory), new ForgetCommand(memory), new RememberCommand(memory)]),
            _chat, Processors.NoModeration, Processors.NoRateLimit(_time), Options.Create(new HubOptions()), _time,
            NullLogger<MessageProcessor>.Instance, memory: memory);

    private static InboundMessage Direct(string text, string id) => TestMessages.Inbound(text, platformId: id) with { IsDirect = true };

    private static InboundMessage InGroup(string text, string id) => TestMessages.Inbound(text, chatId: "group-1", platformId: id);

    private static async Task<string> AskAsync(MessageProcessor processor, InboundMessage message) =>
        (await processor.ProcessAsync(message, CancellationToken.None).ToListWithTimeoutAsync())
            .Last(m => m.Kind == OutboundKind.Final).Text!;

    private IReadOnlyList<string>? MemoriesOfLastRequest() =>
        _chat.RequestOptions[^1]?.AdditionalProperties?.TryGetValue(ChatRequestKeys.Memories, out var value) == true ? (IReadOnlyList<string>)value! : null;

    [Theory]
    [InlineData("remember that I live in Lyon", "I live in Lyon")]
    [InlineData("Please remember that  I live\nin Lyon ", "I live\nin Lyon")]
    [InlineData("REMEMBER: I live in Lyon", "I live in Lyon")]
    [InlineData("please, remember that I live in Lyon", "I live in Lyon")]
    public void TryParseRequest_RememberPhrases_TheFact(string text, string fact)
    {
        Assert.True(MemoryService.TryParseRequest(text, out var parsed));
        Assert.Equal(fact, parsed);
    }

    [Theory]
    [InlineData("remember the word pineapple")]
    [InlineData("do you remember that song?")]
    [InlineData("remember that")]
    [InlineData("I remember: nothing")]
    public void TryParseRequest_OtherText_False(string text) => Assert.False(MemoryService.TryParseRequest(text, out _));

    [Fact]
    public async Task RememberThat_KeptWithoutTheModel_ThenCarriedToTheEngine()
    {
        var processor = Create(Service());

        var noted = await AskAsync(processor, Direct("Remember that I prefer\tshort answers", "1"));
        await AskAsync(processor, Direct("What do I prefer?", "2"));

        Assert.StartsWith("Noted", noted, StringComparison.Ordinal);
        Assert.Single(_chat.Prompts); // the request to remember never reached the engine
        Assert.Equal(["I prefer short answers"], MemoriesOfLastRequest()); // one line
        Assert.DoesNotContain(_chat.Prompts[0], m => m.Text.Contains("Remember", StringComparison.Ordinal)); // not a session turn
    }

    [Fact]
    public async Task GroupChat_NoMemoryUntilThePersonAllowsIt()
    {
        var processor = Create(Service());
        await AskAsync(processor, Direct("remember that I live in Lyon", "1"));

        await AskAsync(processor, InGroup("a question", "2"));
        var before = MemoriesOfLastRequest();
        Assert.StartsWith("Done", await AskAsync(processor, InGroup("/memory groups on", "3")), StringComparison.Ordinal);
        await AskAsync(processor, InGroup("another question", "4"));
        var after = MemoriesOfLastRequest();
        await AskAsync(processor, Direct("/memory groups off", "5"));
        await AskAsync(processor, InGroup("a third question", "6"));

        Assert.Null(before);
        Assert.Equal(["I live in Lyon"], after);
        Assert.Null(MemoriesOfLastRequest());
    }

    [Fact]
    public async Task MemoryCommand_ListsInADirectChatOnly_ForgetByNumberAndAll()
    {
        var processor = Create(Service());
        await AskAsync(processor, Direct("/remember I live in Lyon", "1"));
        _time.Advance(TimeSpan.FromMinutes(1));
        await AskAsync(processor, Direct("/remember I have a cat", "2"));

        var list = await AskAsync(processor, Direct("/memory", "3"));
        var inGroup = await AskAsync(processor, InGroup("/memory", "4"));
        var forgotten = await AskAsync(processor, Direct("/forget 1", "5"));
        var missing = await AskAsync(processor, Direct("/forget 7", "6"));
        var remaining = (await _store.GetAsync(await PersonAsync(), CancellationToken.None)).Select(e => e.Text).ToList();
        var all = await AskAsync(processor, Direct("/forget all", "7"));

        Assert.Contains("1. I live in Lyon\n2. I have a cat", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Lyon", inGroup, StringComparison.Ordinal);
        Assert.Contains("forgotten number 1", forgotten, StringComparison.Ordinal);
        Assert.Contains("no number 7", missing, StringComparison.Ordinal);
        Assert.Equal(["I have a cat"], remaining);
        Assert.Contains("(1)", all, StringComparison.Ordinal);
        Assert.Empty(await _store.GetAsync(await PersonAsync(), CancellationToken.None));
    }

    [Fact]
    public async Task Remember_TooLongFullOrDuplicate_RefusedClearly()
    {
        var processor = Create(Service());

        var tooLong = await AskAsync(processor, Direct("/remember " + new string('x', 41), "1"));
        var empty = await AskAsync(processor, Direct("/remember   ", "2"));
        await AskAsync(processor, Direct("/remember one", "3"));
        var duplicate = await AskAsync(processor, Direct("remember that ONE", "4"));
        await AskAsync(processor, Direct("/remember two", "5"));
        await AskAsync(processor, Direct("/remember three", "6"));
        var full = await AskAsync(processor, Direct("/remember four", "7"));

        Assert.Contains("at most 40 characters", tooLong, StringComparison.Ordinal);
        Assert.StartsWith("Tell me what to remember", empty, StringComparison.Ordinal);
        Assert.Equal("I already remember that.", duplicate);
        Assert.Contains("full (3 notes)", full, StringComparison.Ordinal);
        Assert.Equal(3, (await _store.GetAsync(await PersonAsync(), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Disabled_NothingKeptNorCarried_CommandsSaySo()
    {
        _options = new MemoryOptions { Enabled = false };
        var processor = Create(Service());

        await AskAsync(processor, Direct("remember that I live in Lyon", "1"));
        var list = await AskAsync(processor, Direct("/memory", "2"));

        Assert.Null(MemoriesOfLastRequest()); // "remember that" went to the engine as a question
        Assert.Equal(MemoryService.OffReply, list);
        Assert.Empty(await _store.GetAsync(await PersonAsync(), CancellationToken.None));
    }

    private async Task<string> PersonAsync() =>
        await _identities.ResolveAsync(new PlatformIdentity(ChannelNames.WebChat, "user-1"), CancellationToken.None);
}
