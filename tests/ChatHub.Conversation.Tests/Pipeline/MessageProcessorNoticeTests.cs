using ChatHub.Conversation.Retention;
using System.Runtime.CompilerServices;
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

/// <summary>Streaming updates marked as notices (the model queue's place in line) become their own outbound message.</summary>
public sealed class MessageProcessorNoticeTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemorySessionStore _sessions;
    private readonly InMemoryIdentityMap _identities;

    public MessageProcessorNoticeTests()
    {
        _sessions = new InMemorySessionStore(Options.Create(new SessionOptions()), _time);
        _identities = new InMemoryIdentityMap(Options.Create(new RetentionOptions()), _time);
    }

    [Fact]
    public async Task ProcessAsync_NoticeUpdate_NoticeMessageBeforeTheFinalAndNotInTheReply()
    {
        var processor = new MessageProcessor(_identities, new InMemoryRoutingTable(Options.Create(new RetentionOptions()), _time), _sessions, new CommandRegistry([new HelpCommand()]),
            new NoticeThenAnswerClient(), Processors.NoModeration, Processors.NoRateLimit(_time), Options.Create(new HubOptions()), _time,
            NullLogger<MessageProcessor>.Instance);
        var inbound = TestMessages.Inbound("hi", platformId: "7");

        var output = await processor.ProcessAsync(inbound, CancellationToken.None).ToListAsync().AsTask().DefaultTimeout();

        // The notice is the first update, at once: no typing indicator first (Hub:TypingDelay), the notice says why it waits.
        Assert.Equal([OutboundKind.Notice, OutboundKind.Final], output.Select(o => o.Kind));
        var notice = output[0];
        Assert.Equal("You're number 2 in line.", notice.Text);
        Assert.Equal(ReplySource.System, notice.Source);
        Assert.Equal(inbound.Id, notice.InReplyTo);
        Assert.NotEqual(output[1].Id, notice.Id);
        Assert.Equal("The answer", output[1].Text);
        Assert.Equal(ReplySource.Model, output[1].Source);
        var user = await _identities.ResolveAsync(new(inbound.Conversation.Channel, "user-1"), default).AsTask().DefaultTimeout();
        var turns = await _sessions.GetAsync(user, default).AsTask().DefaultTimeout();
        Assert.Equal(["hi", "The answer"], turns.Select(turn => turn.Text));
    }

    private sealed class NoticeThenAnswerClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The worker streams.");

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, "You're number 2 in line.")
            {
                AdditionalProperties = new() { [ReplySource.PropertyKey] = ReplySource.System, [ReplySource.NoticeKey] = "queue" },
            };
            foreach (var chunk in new[] { "The ", "answer" })
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, chunk)
                {
                    AdditionalProperties = new() { [ReplySource.PropertyKey] = ReplySource.Model },
                };
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
