using ChatHub.Conversation.Commands;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Handoff;

/// <summary>
/// A message processed again (its worker died after the hand-off was stored, the bus redelivered it) makes the same
/// outbound messages with the same ids, so egress (keyed by id) sends each once and the operators still get the summary.
/// </summary>
public sealed class HandoffRetryTests
{
    private readonly ManualTimeProvider _time = ManualTimeProvider.WithRealTimers();
    private readonly InMemorySessionStore _sessions;
    private readonly HandoffService _handoff;
    private readonly MessageProcessor _processor;

    public HandoffRetryTests()
    {
        _sessions = new InMemorySessionStore(Options.Create(new SessionOptions()), _time);
        var options = Options.Create(new HandoffOptions { Operator = new HandoffOperatorOptions { Channel = "discord", ChatId = "740000000000000001" } });
        _handoff = new HandoffService(new InMemoryHandoffStore(_time), _sessions, options, _time, NullLogger<HandoffService>.Instance);
        _processor = new MessageProcessor(
            new InMemoryIdentityMap(Options.Create(new RetentionOptions()), _time), new InMemoryRoutingTable(Options.Create(new RetentionOptions()), _time), _sessions,
            new CommandRegistry([new HumanCommand(_handoff), new ReplyCommand(_handoff)]), new ScriptedChatClient(_ => ["ok"]), Processors.NoModeration, Processors.NoRateLimit(_time),
            Options.Create(new HubOptions()), _time, NullLogger<MessageProcessor>.Instance, _handoff);
    }

    [Fact]
    public async Task ProcessAsync_HumanProcessedTwice_SameNoticeIdWithTheSummaryBothTimes()
    {
        var human = TestMessages.Inbound("/human", platformId: "7");

        var first = await ProcessAsync(human);
        var second = await ProcessAsync(human);

        Assert.Equal(first.Select(o => (o.Id, o.Conversation, o.Text)), second.Select(o => (o.Id, o.Conversation, o.Text)));
        Assert.Equal(HandoffService.StartedReply, second[0].Text);
        var notice = second[1];
        Assert.Equal("discord", notice.Conversation.Channel);
        Assert.Contains("asks for a person", notice.Text, StringComparison.Ordinal);

        // Another /human (a new message) is told the operators know already, and they hear nothing new.
        var another = await ProcessAsync(TestMessages.Inbound("/human", platformId: "8"));
        Assert.Equal(["A person from the team has already been asked; they will answer here."], another.Select(o => o.Text));
    }

    [Fact]
    public async Task ProcessAsync_OperatorReplyProcessedTwice_SameIdForThePerson()
    {
        var started = await ProcessAsync(TestMessages.Inbound("/human", platformId: "7"));
        var id = started[1].Text.Split(':')[0]["Hand-off ".Length..];
        var reply = TestMessages.Inbound($"/reply {id} hello", platformId: "9") with
        {
            Conversation = new ConversationRef("discord", "bot", "740000000000000001"),
        };

        var first = await ProcessAsync(reply);
        var second = await ProcessAsync(reply);

        Assert.Equal("hello", first[1].Text);
        Assert.Equal(first.Select(o => o.Id), second.Select(o => o.Id));
        Assert.NotEqual(started[1].Id, first[1].Id);
    }

    private async Task<List<OutboundMessage>> ProcessAsync(InboundMessage message) =>
        [.. (await _processor.ProcessAsync(message, CancellationToken.None).ToListAsync().AsTask().DefaultTimeout()).Where(o => o.Kind == OutboundKind.Final)];
}
