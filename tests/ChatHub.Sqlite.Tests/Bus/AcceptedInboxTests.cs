using System.Collections.Concurrent;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Sqlite.Bus;
using ChatHub.Sqlite.Database;
using ChatHub.Sqlite.Stores;
using ChatHub.Sqlite.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite.Tests.Bus;

/// <summary>
/// The inbox with its accept markers (<see cref="IAcceptingMessageBus"/>): an inbound delivery's marker is written with
/// its row, so an accepted delivery is one row until its handler returned, and the worker writes no done marker (the
/// row's deletion is one). A row deleted is never replayed; a row left by a crash is replayed once, by the next start.
/// "Closing" a bus here is what a kill leaves: the rows on disk.
/// </summary>
public sealed class AcceptedInboxTests : IDisposable
{
    private static readonly ConversationRef A = new("telegram", "bot", "1");
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task InboundPublisher_SameUpdateTwiceAtOnce_OneMessageOnTheBus()
    {
        await using var harness = Open();
        var publisher = new InboundPublisher(
            harness.Bus, harness.Idempotency, new ReplyWaiters(), Options.Create(new HubOptions()), TimeProvider.System, NullLogger<InboundPublisher>.Instance);
        var message = Inbound("q", "7");

        // Both pass the duplicate check before either is on disk (a platform's redelivery racing the first delivery).
        var results = await Task.WhenAll(
            publisher.PublishAsync(message, RejectionReply.ToCaller, CancellationToken.None).AsTask(),
            publisher.PublishAsync(message, RejectionReply.ToCaller, CancellationToken.None).AsTask()).DefaultTimeout();

        Assert.Equal([IngressOutcome.Accepted, IngressOutcome.Duplicate], results.Select(r => r.Outcome).Order());
        Assert.Equal(1, harness.Rows());
        var seen = new Seen();
        using var stop = new CancellationTokenSource();
        var consuming = harness.Bus.ConsumeAsync(Topics.Inbound, "g", seen.HandleAsync, stop.Token);
        await harness.Bus.PublishAsync(Topics.Inbound, A.Key, Inbound("sentinel", "8"), CancellationToken.None).DefaultTimeout();
        await seen.Received("sentinel").DefaultTimeout();
        Assert.Equal(["q", "sentinel"], seen.Texts);
        await stop.CancelAsync();
        await consuming.DefaultTimeout();
    }

    [Fact]
    public async Task PublishAccepted_MarkerAndRowInOneWrite_RedeliveryAfterRestartRefused_RowReplayedOnce()
    {
        var message = Inbound("q", "7");
        await using (var first = Open())
        {
            Assert.True(first.Bus.AcceptsAtomically);
            Assert.True(await first.Bus.PublishAcceptedAsync(Topics.Inbound, A.Key, message, "ingress:a:7", Window, CancellationToken.None).DefaultTimeout());
            Assert.True(await first.Idempotency.IsDoneAsync("ingress:a:7", CancellationToken.None).DefaultTimeout());
        } // killed before the worker took it

        await using (var second = Open())
        {
            var seen = new Seen();
            using var stop = new CancellationTokenSource();
            var consuming = second.Bus.ConsumeAsync(Topics.Inbound, "g", seen.HandleAsync, stop.Token);
            Assert.False(await second.Bus.PublishAcceptedAsync(Topics.Inbound, A.Key, message, "ingress:a:7", Window, CancellationToken.None).DefaultTimeout());
            await second.Bus.PublishAsync(Topics.Inbound, A.Key, Inbound("sentinel", "8"), CancellationToken.None).DefaultTimeout();
            await seen.Received("sentinel").DefaultTimeout();
            Assert.Equal(["q", "sentinel"], seen.Texts); // the replay, once; the redelivery not at all
            await stop.CancelAsync();
            await consuming.DefaultTimeout();
        }

        await using var third = Open();
        Assert.Equal(0, third.Rows());
    }

    [Fact]
    public async Task Worker_HandledOnTheAcceptingInbox_NoDoneMarkerWritten_RowDeleted_NotReplayed()
    {
        var ran = 0;
        await using (var first = Open())
        {
            var seen = new Seen();
            using var stop = new CancellationTokenSource();
            var consuming = first.Bus.ConsumeAsync(Topics.Inbound, "g", (m, ct) => WorkerStepAsync(first, m, seen, () => ran++, ct), stop.Token);
            Assert.True(await first.Bus.PublishAcceptedAsync(Topics.Inbound, A.Key, Inbound("q", "7"), "ingress:a:7", Window, CancellationToken.None).DefaultTimeout());
            await seen.Received("q").DefaultTimeout();
            await stop.CancelAsync();
            await consuming.DefaultTimeout();
        } // the row's deletion committed as the bus closed

        await using var second = Open();
        Assert.Equal(0, second.Rows());
        Assert.Equal(0, second.Markers("worker:%"));
        var replayed = new Seen();
        using var stop2 = new CancellationTokenSource();
        var consuming2 = second.Bus.ConsumeAsync(Topics.Inbound, "g", (m, ct) => WorkerStepAsync(second, m, replayed, () => ran++, ct), stop2.Token);
        await second.Bus.PublishAsync(Topics.Inbound, A.Key, Inbound("sentinel", "8"), CancellationToken.None).DefaultTimeout();
        await replayed.Received("sentinel").DefaultTimeout();
        Assert.Equal(["sentinel"], replayed.Texts);
        Assert.Equal(2, ran); // "q" once, the sentinel once
        await stop2.CancelAsync();
        await consuming2.DefaultTimeout();
    }

    [Fact]
    public async Task Worker_KilledAfterItsStepBeforeTheRowWasDeleted_ReplayedExactlyOnce()
    {
        var ran = 0;
        await using (var first = Open(drain: TimeSpan.Zero))
        {
            var stepDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var stop = new CancellationTokenSource();
            // The step finishes (its lease released, no marker); the handler is then cut off before it returns, as a kill
            // between the step and the row's deletion leaves it: the row stays.
            var consuming = first.Bus.ConsumeAsync(Topics.Inbound, "g", async (m, ct) =>
            {
                await WorkerStepAsync(first, m, new Seen(), () => ran++, ct);
                stepDone.TrySetResult();
                await new TaskCompletionSource().Task.WaitAsync(ct); // until the stop's drain deadline cuts it off
            }, stop.Token);
            Assert.True(await first.Bus.PublishAcceptedAsync(Topics.Inbound, A.Key, Inbound("q", "7"), "ingress:a:7", Window, CancellationToken.None).DefaultTimeout());
            await stepDone.Task.DefaultTimeout();
            await stop.CancelAsync();
            await consuming.DefaultTimeout();
            Assert.Equal(1, first.Rows());
        }

        for (var start = 0; start < 2; start++)
        {
            await using var next = Open();
            var seen = new Seen();
            using var stop = new CancellationTokenSource();
            var consuming = next.Bus.ConsumeAsync(Topics.Inbound, "g", (m, ct) => WorkerStepAsync(next, m, seen, () => ran++, ct), stop.Token);
            await next.Bus.PublishAsync(Topics.Inbound, A.Key, Inbound($"sentinel{start}", $"s{start}"), CancellationToken.None).DefaultTimeout();
            await seen.Received($"sentinel{start}").DefaultTimeout();
            Assert.Equal(start == 0 ? ["q", "sentinel0"] : ["sentinel1"], seen.Texts);
            await stop.CancelAsync();
            await consuming.DefaultTimeout();
        }

        Assert.Equal(4, ran); // "q" before the kill and once after it, each sentinel once
    }

    /// <summary>What the worker does per message on this inbox: its step under the ledger, which only releases the lease.</summary>
    private static async ValueTask WorkerStepAsync(Harness harness, BusMessage<InboundMessage> message, Seen seen, Action ran, CancellationToken cancellationToken) =>
        await harness.Ledger.RunOnceAsync(
            $"worker:{message.Value.Id}",
            ct =>
            {
                ran();
                return seen.HandleAsync(message, ct);
            },
            LedgerCompletion.ReleaseLease,
            cancellationToken);

    private Harness Open(TimeSpan? drain = null) => new(_folder.Path, drain ?? TimeSpan.FromSeconds(10));

    private static InboundMessage Inbound(string text, string platformId) => new()
    {
        Id = MessageIds.ForInbound(A, platformId),
        PlatformMessageId = platformId,
        Conversation = A,
        From = new Sender("u1"),
        Text = text,
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>A database, its idempotency store and the durable bus on it, as the hub wires them.</summary>
    private sealed class Harness : IAsyncDisposable
    {
        private readonly SqliteDatabase _database;

        public Harness(string folder, TimeSpan drain)
        {
            _database = new SqliteDatabase(folder, StorageDurability.Full, 512, TimeProvider.System, NullLogger<SqliteDatabase>.Instance);
            Idempotency = new SqliteIdempotencyStore(_database);
            var inner = new InProcessMessageBus(Options.Create(new InProcessBusOptions { Partitions = 4, DrainTimeout = drain }), TimeProvider.System, NullLogger<InProcessMessageBus>.Instance);
            Bus = new DurableMessageBus(inner, _database, BusPayloadSerializer.Default, NullLogger<DurableMessageBus>.Instance, Idempotency);
            Ledger = new ProcessingLedger(Idempotency, Options.Create(new HubOptions()), TimeProvider.System, NullLogger<ProcessingLedger>.Instance);
        }

        public DurableMessageBus Bus { get; }

        public SqliteIdempotencyStore Idempotency { get; }

        public ProcessingLedger Ledger { get; }

        public long Rows() => _database.Read(s => s.Int64("SELECT COUNT(*) FROM bus_messages")!.Value);

        public long Markers(string like) => _database.Read(s => s.Int64("SELECT COUNT(*) FROM idempotency WHERE key LIKE $p0", like)!.Value);

        public ValueTask DisposeAsync()
        {
            Bus.Dispose();
            _database.Dispose(); // commits the queued deletes of handled messages
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The texts handled, in order; <see cref="Received"/> completes when a given one was.</summary>
    private sealed class Seen
    {
        private readonly ConcurrentQueue<string> _texts = new();
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();

        public string[] Texts => [.. _texts];

        public Task Received(string text) => Waiter(text).Task;

        public ValueTask HandleAsync(BusMessage<InboundMessage> message, CancellationToken cancellationToken)
        {
            _texts.Enqueue(message.Value.Text);
            Waiter(message.Value.Text).TrySetResult();
            return ValueTask.CompletedTask;
        }

        private TaskCompletionSource Waiter(string text) => _waiting.GetOrAdd(text, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
