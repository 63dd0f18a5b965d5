using System.Runtime.CompilerServices;
using ChatHub.Conversation.Commands;
using ChatHub.Conversation.Handoff;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Pipeline;

/// <summary>Suggested replies on the answer's last update become the final reply's <see cref="OutboundMessage.Suggestions"/>.</summary>
public sealed class MessageProcessorSuggestionTests
{
    private readonly ManualTimeProvider _time = ManualTimeProvider.WithRealTimers();

    [Fact]
    public async Task ProcessAsync_AnswerWithSuggestions_FinalCarriesThemNormalized()
    {
        var output = await ProcessAsync(["Which platforms?", "  How do I link?\n", "", "Which platforms?", new string('x', 65)]);

        var final = Assert.Single(output, o => o.Kind == OutboundKind.Final);
        Assert.Equal("The answer", final.Text);
        Assert.Equal(["Which platforms?", "How do I link?"], final.Suggestions);
    }

    [Fact]
    public async Task ProcessAsync_AnswerWithoutSuggestions_FinalHasNone()
    {
        var output = await ProcessAsync(null);

        Assert.Null(Assert.Single(output, o => o.Kind == OutboundKind.Final).Suggestions);
    }

    /// <summary>The fallback's "I don't know" (a system answer) offers a person from the team first where hand-off is on.</summary>
    [Theory]
    [InlineData(true, new[] { "/human", "/help" })]
    [InlineData(false, new[] { "/help" })]
    public async Task ProcessAsync_SystemAnswer_HumanOfferedWhereHandoffIsOn(bool handoffOn, string[] expected)
    {
        var output = await ProcessAsync(["/help"], ReplySource.System, handoffOn);

        Assert.Equal(expected, Assert.Single(output, o => o.Kind == OutboundKind.Final).Suggestions);
    }

    [Fact]
    public async Task ProcessAsync_KnowledgeAnswerWithHandoffOn_NoHumanAdded()
    {
        var output = await ProcessAsync(["Which platforms?"], ReplySource.Knowledge, handoffOn: true);

        Assert.Equal(["Which platforms?"], Assert.Single(output, o => o.Kind == OutboundKind.Final).Suggestions);
    }

    [Fact]
    public void Suggestions_MoreThanFive_FirstFiveKept()
    {
        var message = new OutboundMessage
        {
            Id = "r", Conversation = new ConversationRef("telegram", "1", "2"), Kind = OutboundKind.Final,
            Suggestions = ["1", "2", "3", "4", "5", "6"],
        };

        Assert.Equal(["1", "2", "3", "4", "5"], message.Suggestions);
        Assert.Null((message with { Suggestions = [" ", "\n"] }).Suggestions);
    }

    private async Task<List<OutboundMessage>> ProcessAsync(string[]? suggestions, string source = ReplySource.Knowledge, bool handoffOn = false)
    {
        var sessions = new InMemorySessionStore(Options.Create(new SessionOptions()), _time);
        var identities = new InMemoryIdentityMap(Options.Create(new RetentionOptions()), _time);
        var handoff = new HandoffService(
            new InMemoryHandoffStore(_time),
            sessions,
            Options.Create(new HandoffOptions
            {
                Operator = handoffOn ? new HandoffOperatorOptions { Channel = "discord", ChatId = "740000000000000001" } : new HandoffOperatorOptions(),
            }),
            _time,
            NullLogger<HandoffService>.Instance);
        var processor = new MessageProcessor(identities, new InMemoryRoutingTable(Options.Create(new RetentionOptions()), _time), sessions,
            new CommandRegistry([new HelpCommand()]), new SuggestingClient(suggestions, source), Processors.NoModeration, Processors.NoRateLimit(_time),
            Options.Create(new HubOptions()), _time, NullLogger<MessageProcessor>.Instance, handoff);
        return await processor.ProcessAsync(TestMessages.Inbound("what is it?", platformId: "7"), CancellationToken.None).ToListAsync().AsTask().DefaultTimeout();
    }

    private sealed class SuggestingClient(string[]? suggestions, string source) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The worker streams.");

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            var properties = new AdditionalPropertiesDictionary { [ReplySource.PropertyKey] = source };
            if (suggestions is not null)
            {
                properties[SuggestedReplies.PropertyKey] = suggestions;
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, "The answer") { AdditionalProperties = properties };
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
