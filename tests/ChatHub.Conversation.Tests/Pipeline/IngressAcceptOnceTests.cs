using ChatHub.Conversation.Idempotency;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatHub.Conversation.Tests.Pipeline;

/// <summary>
/// Ingress de-duplication never loses a delivery when the idempotency store fails mid-command: a command the store
/// applied but whose reply was lost (Redis killed after writing, before answering), a store down after the publish,
/// and duplicates delivered at the same time. Each test ends with a sentinel message on the same conversation, so
/// every earlier reply has been through egress when the sentinel's arrives.
/// </summary>
public sealed class IngressAcceptOnceTests
{
    private static IHost Build(RecordingSender sender, IChatClient chat, LossyStore store)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IIdempotencyStore>(store);
        builder.Services.AddConversation(builder.Configuration);
        builder.Services.AddSingleton<IChannelSender>(sender);
        builder.Services.AddSingleton(chat);
        return builder.Build();
    }

    private static IInboundPublisher Publisher(IHost host) => host.Services.GetRequiredService<IInboundPublisher>();

    private static async Task<List<OutboundMessage>> SendSentinelAndCollectAsync(IHost host, RecordingSender sender)
    {
        var sentinel = TestMessages.Inbound("sentinel", platformId: "sentinel");
        Assert.Equal(IngressOutcome.Accepted, (await Publisher(host).PublishAsync(sentinel, RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout()).Outcome);
        return await sender.FinalsBeforeReplyToAsync(sentinel.Id);
    }

    /// <summary>Delivers as a platform does: again after every failure, until the hub answers.</summary>
    private static async Task<(IngressResult Result, int Failures)> DeliverUntilAnsweredAsync(IHost host, InboundMessage message)
    {
        for (var failures = 0; ; failures++)
        {
            try
            {
                return (await Publisher(host).PublishAsync(message, RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout(), failures);
            }
            catch (TimeoutException) when (failures < 10)
            {
            }
        }
    }

    [Fact]
    public async Task Ingress_StoreAppliesCommandsButTheirRepliesAreLost_RedeliveryStillAnsweredOnce()
    {
        var sender = new RecordingSender();
        var store = new LossyStore();
        using var host = Build(sender, new ScriptedChatClient(_ => ["answer"]), store);
        await host.StartAsync().DefaultTimeout();
        var inbound = TestMessages.Inbound("q");

        store.LoseReplies = 1; // the first store command of this delivery runs, and its caller sees a failure
        var (result, failures) = await DeliverUntilAnsweredAsync(host, inbound);
        var finals = await SendSentinelAndCollectAsync(host, sender);

        Assert.Equal((IngressOutcome.Accepted, 1), (result.Outcome, failures));
        Assert.Equal(inbound.Id, Assert.Single(finals).InReplyTo);
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task Ingress_StoreDownRightAfterThePublish_AcceptedAndARedeliveryAnsweredOnce()
    {
        var sender = new RecordingSender();
        var store = new LossyStore();
        var chat = new ScriptedChatClient(_ => ["answer"]);
        using var host = Build(sender, chat, store);
        await host.StartAsync().DefaultTimeout();
        var inbound = TestMessages.Inbound("q");

        store.FailMarks = 1; // the accepted marker cannot be written: the publish stands
        var first = await Publisher(host).PublishAsync(inbound, RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout();
        var again = await Publisher(host).PublishAsync(inbound, RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout();
        var finals = await SendSentinelAndCollectAsync(host, sender);

        Assert.Equal(IngressOutcome.Accepted, first.Outcome);
        // The redelivery is accepted again (no accepted marker), unless the worker already answered the first copy:
        // then its done marker makes it a duplicate. Either way it is answered once.
        Assert.Contains(again.Outcome, new[] { IngressOutcome.Accepted, IngressOutcome.Duplicate });
        Assert.Equal(inbound.Id, Assert.Single(finals).InReplyTo); // a second copy was skipped by the worker's ledger
        Assert.Equal(2, chat.Prompts.Count); // "q" once, the sentinel once
        Assert.Equal(IngressOutcome.Duplicate, (await Publisher(host).PublishAsync(inbound, RejectionReply.ToCaller, CancellationToken.None).DefaultTimeout()).Outcome);
        await host.StopAsync().DefaultTimeout();
    }

    [Fact]
    public async Task Ingress_SameMessageDeliveredConcurrently_AnsweredOnce()
    {
        var sender = new RecordingSender();
        var chat = new ScriptedChatClient(_ => ["answer"]);
        using var host = Build(sender, chat, new LossyStore());
        await host.StartAsync().DefaultTimeout();
        var inbound = TestMessages.Inbound("q");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Publisher(host).PublishAsync(inbound, RejectionReply.ToCaller, CancellationToken.None).AsTask()))).DefaultTimeout();
        var finals = await SendSentinelAndCollectAsync(host, sender);

        Assert.All(results, r => Assert.NotEqual(IngressOutcome.Rejected, r.Outcome));
        Assert.Contains(results, r => r.Outcome == IngressOutcome.Accepted);
        Assert.Equal(inbound.Id, Assert.Single(finals).InReplyTo);
        Assert.Equal(2, chat.Prompts.Count);
        await host.StopAsync().DefaultTimeout();
    }

    /// <summary>
    /// The in-memory store, with Redis's two ways of failing a command: after applying it (the connection dropped
    /// before the reply: <see cref="LoseReplies"/>) and before it (<see cref="FailMarks"/> for done markers).
    /// </summary>
    internal sealed class LossyStore : IIdempotencyStore
    {
        private readonly InMemoryIdempotencyStore _inner = new(TimeProvider.System);
        private int _loseReplies;
        private int _failMarks;

        public int LoseReplies { set => Volatile.Write(ref _loseReplies, value); }

        public int FailMarks { set => Volatile.Write(ref _failMarks, value); }

        public ValueTask<bool> TryClaimAsync(string key, TimeSpan ttl, CancellationToken cancellationToken) =>
            Apply(_inner.TryClaimAsync(key, ttl, cancellationToken));

        public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken) =>
            await Apply(Unit(_inner.ReleaseAsync(key, cancellationToken)));

        public ValueTask<bool> IsDoneAsync(string key, CancellationToken cancellationToken) =>
            Apply(_inner.IsDoneAsync(key, cancellationToken));

        public ValueTask<LeaseOutcome> TryAcquireLeaseAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken) =>
            Apply(_inner.TryAcquireLeaseAsync(key, owner, lease, cancellationToken));

        public async ValueTask MarkDoneAsync(string key, TimeSpan retention, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref _failMarks) >= 0)
            {
                throw new TimeoutException("store down");
            }

            await Apply(Unit(_inner.MarkDoneAsync(key, retention, cancellationToken)));
        }

        public async ValueTask ReleaseLeaseAsync(string key, string owner, CancellationToken cancellationToken) =>
            await Apply(Unit(_inner.ReleaseLeaseAsync(key, owner, cancellationToken)));

        private static async ValueTask<bool> Unit(ValueTask task)
        {
            await task;
            return true;
        }

        private async ValueTask<T> Apply<T>(ValueTask<T> applied)
        {
            var result = await applied;
            return Interlocked.Decrement(ref _loseReplies) >= 0 ? throw new TimeoutException("connection lost before the reply") : result;
        }
    }
}
