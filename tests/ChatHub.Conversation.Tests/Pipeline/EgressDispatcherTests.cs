using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Pipeline;

public sealed class EgressDispatcherTests
{
    [Fact]
    public async Task DispatchAsync_StopArrivesWhileThePlatformAccepts_TheObserversStillRecordIt()
    {
        // The drain's deadline cancels the handler while the platform's accept is on its way back: what the platform has
        // is recorded all the same (a broadcast recipient left queued would be sent again by the next process).
        using var stopping = new CancellationTokenSource();
        var observer = new RecordingObserver();
        using var bus = new InProcessMessageBus(Options.Create(new InProcessBusOptions()), TimeProvider.System, NullLogger<InProcessMessageBus>.Instance);
        var dispatcher = new EgressDispatcher(
            [new AcceptingSender(stopping)], bus, new ReplyWaiters(), [observer], TimeProvider.System, NullLogger<EgressDispatcher>.Instance);
        var reply = new OutboundMessage { Id = "r1", Conversation = new ConversationRef("test", "bot", "c1"), Kind = OutboundKind.Final, Text = "hi" };

        await dispatcher.DispatchAsync(reply, stopping.Token).AsTask().DefaultTimeout();

        var (outcome, wasCancelled) = Assert.Single(observer.Seen);
        Assert.Equal(EgressOutcome.Sent, outcome);
        Assert.False(wasCancelled);
    }

    private sealed class AcceptingSender(CancellationTokenSource stopping) : IChannelSender
    {
        public string Channel => "test";

        public ValueTask<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            stopping.Cancel(); // the stop arrives while the call is under way; the platform accepted it
            return ValueTask.FromResult(SendResult.Sent);
        }
    }

    private sealed class RecordingObserver : IEgressObserver
    {
        public List<(EgressOutcome Outcome, bool Cancelled)> Seen { get; } = [];

        public ValueTask OnFinalAsync(OutboundMessage message, EgressOutcome outcome, string? reason, CancellationToken cancellationToken)
        {
            Seen.Add((outcome, cancellationToken.IsCancellationRequested));
            cancellationToken.ThrowIfCancellationRequested(); // as a store write would
            return ValueTask.CompletedTask;
        }
    }
}
