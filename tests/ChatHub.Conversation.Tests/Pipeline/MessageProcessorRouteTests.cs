using ChatHub.Conversation.Commands;
using ChatHub.Conversation.Identity;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Sessions;
using ChatHub.Conversation.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Pipeline;

/// <summary>
/// The route is recorded while the answer is worked out (issue 24: with one writer, the route and the session's append
/// then share a commit), but no reply leaves the processor before the route is in place, and a failed route write fails
/// the message.
/// </summary>
public sealed class MessageProcessorRouteTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemorySessionStore _sessions;
    private readonly GatedRoutingTable _routes;
    private readonly InMemoryIdentityMap _identities;

    public MessageProcessorRouteTests()
    {
        _sessions = new InMemorySessionStore(Options.Create(new SessionOptions()), _time);
        _routes = new GatedRoutingTable(new InMemoryRoutingTable(Options.Create(new RetentionOptions()), _time));
        _identities = new InMemoryIdentityMap(Options.Create(new RetentionOptions()), _time);
    }

    private MessageProcessor Create(ScriptedChatClient chat) =>
        new(_identities, _routes, _sessions, new CommandRegistry([new HelpCommand()]), chat, Processors.NoModeration, Processors.NoRateLimit(_time),
            Options.Create(new HubOptions { FollowMe = true }), _time, NullLogger<MessageProcessor>.Instance);

    [Fact]
    public async Task ProcessAsync_RouteWriteUnderWay_AnswersMeanwhileButHandsOutNothingUntilItIsRecorded()
    {
        var answering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = Create(new ScriptedChatClient(_ =>
        {
            answering.TrySetResult();
            return ["Hello"];
        }));
        var inbound = TestMessages.Inbound("hi");

        await using var replies = processor.ProcessAsync(inbound, CancellationToken.None).GetAsyncEnumerator();
        var first = replies.MoveNextAsync().AsTask();

        await answering.Task.DefaultTimeout(); // the answer is worked out while the route's write is under way
        Assert.False(first.IsCompleted); // but not handed out before the route is in place
        _routes.Open();

        Assert.True(await first.DefaultTimeout());
        Assert.Equal("Hello", replies.Current.Text);
        Assert.Equal(inbound.Conversation, _routes.Recorded);
    }

    [Fact]
    public async Task ProcessAsync_CommandWhileRouteWriteUnderWay_NoReplyUntilItIsRecorded()
    {
        var processor = Create(new ScriptedChatClient(_ => ["unused"]));

        await using var replies = processor.ProcessAsync(TestMessages.Inbound("/help"), CancellationToken.None).GetAsyncEnumerator();
        var first = replies.MoveNextAsync().AsTask();
        await _routes.Recording.DefaultTimeout();
        Assert.False(first.IsCompleted);
        _routes.Open();

        Assert.True(await first.DefaultTimeout());
        Assert.Equal(ReplySource.System, replies.Current.Source);
        Assert.NotNull(_routes.Recorded);
    }

    [Fact]
    public async Task ProcessAsync_RouteWriteFails_TheMessageFails()
    {
        var processor = Create(new ScriptedChatClient(_ => ["Hello"]));
        _routes.Fail(new InvalidOperationException("disk full"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in processor.ProcessAsync(TestMessages.Inbound("hi"), CancellationToken.None))
            {
            }
        }).DefaultTimeout();

        Assert.Equal("disk full", error.Message);
    }

    /// <summary>A routing table whose writes complete only when the test opens the gate (or fail when it says so).</summary>
    private sealed class GatedRoutingTable(IRoutingTable inner) : IRoutingTable
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _recording = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Recording => _recording.Task;

        /// <summary>The conversation whose route the inner table has taken, once it has.</summary>
        public ConversationRef? Recorded { get; private set; }

        public void Open() => _gate.TrySetResult();

        public void Fail(Exception error) => _gate.TrySetException(error);

        public async ValueTask RecordAsync(string hubUserId, ConversationRef conversation, DateTimeOffset at, CancellationToken cancellationToken)
        {
            _recording.TrySetResult();
            await _gate.Task;
            await inner.RecordAsync(hubUserId, conversation, at, cancellationToken);
            Recorded = conversation;
        }

        public ValueTask<IReadOnlyList<RouteEntry>> GetRoutesAsync(string hubUserId, CancellationToken cancellationToken) =>
            inner.GetRoutesAsync(hubUserId, cancellationToken);

        public ValueTask<RoutePage> ListChannelAsync(string channel, string? cursor, int limit, CancellationToken cancellationToken) =>
            inner.ListChannelAsync(channel, cursor, limit, cancellationToken);

        public ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken) =>
            inner.MergeAsync(fromHubUserId, intoHubUserId, cancellationToken);

        public ValueTask RemoveChannelAsync(string hubUserId, string channel, CancellationToken cancellationToken) =>
            inner.RemoveChannelAsync(hubUserId, channel, cancellationToken);

        public ValueTask RemoveAsync(string hubUserId, CancellationToken cancellationToken) =>
            inner.RemoveAsync(hubUserId, cancellationToken);
    }
}
