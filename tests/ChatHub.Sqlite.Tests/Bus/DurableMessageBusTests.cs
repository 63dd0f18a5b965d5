using System.Collections.Concurrent;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Sqlite.Bus;
using ChatHub.Sqlite.Database;
using ChatHub.Sqlite.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite.Tests.Bus;

/// <summary>
/// The durable inbox: what was published and not handled is published again by the next bus on the same file, in
/// publish order and before anything new; what was handled (or skipped by a throwing handler) is not; typing
/// indicators and partial replies are never kept. "Closing" a bus here is what a kill leaves: the rows on disk.
/// </summary>
public sealed class DurableMessageBusTests : IDisposable
{
    private static readonly ConversationRef A = new("telegram", "bot", "1");
    private static readonly ConversationRef B = new("telegram", "bot", "2");

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task PublishedNotHandled_ReplayedByTheNextBus_InOrderAndBeforeNewMessages()
    {
        await using (var first = Open())
        {
            for (var i = 0; i < 5; i++)
            {
                await first.Bus.PublishAsync(Topics.Inbound, A.Key, Inbound(A, $"a{i}"), CancellationToken.None).DefaultTimeout();
                await first.Bus.PublishAsync(Topics.Inbound, B.Key, Inbound(B, $"b{i}"), CancellationToken.None).DefaultTimeout();
            }
        }

        await using var second = Open();
        var seen = new Received(12);
        using var stop = new CancellationTokenSource();
        var consuming = second.Bus.ConsumeAsync(Topics.Inbound, "g", seen.HandleAsync, stop.Token);
        await second.Bus.PublishAsync(Topics.Inbound, A.Key, Inbound(A, "a-new"), CancellationToken.None).DefaultTimeout();
        await second.Bus.PublishAsync(Topics.Inbound, B.Key, Inbound(B, "b-new"), CancellationToken.None).DefaultTimeout();

        await seen.All.DefaultTimeout();
        Assert.Equal(["a0", "a1", "a2", "a3", "a4", "a-new"], seen.Of(A));
        Assert.Equal(["b0", "b1", "b2", "b3", "b4", "b-new"], seen.Of(B));
        await stop.CancelAsync();
        await consuming.DefaultTimeout();
    }

    [Fact]
    public async Task HandledOrSkipped_NotReplayed()
    {
        await using (var first = Open())
        {
            var seen = new Received(4, throwOn: "a1");
            using var stop = new CancellationTokenSource();
            var consuming = first.Bus.ConsumeAsync(Topics.Inbound, "g", seen.HandleAsync, stop.Token);
            foreach (var text in new[] { "a0", "a1", "a2", "a3" })
            {
                await first.Bus.PublishAsync(Topics.Inbound, A.Key, Inbound(A, text), CancellationToken.None).DefaultTimeout();
            }

            await seen.All.DefaultTimeout();
            await stop.CancelAsync();
            await consuming.DefaultTimeout();
        }

        await using var second = Open();
        Assert.Equal(0, second.PendingRows());
    }

    [Fact]
    public async Task TypingAndPartialReplies_NotKept_FinalRepliesAre()
    {
        await using (var first = Open())
        {
            foreach (var kind in new[] { OutboundKind.Typing, OutboundKind.Partial, OutboundKind.Notice, OutboundKind.Final })
            {
                await first.Bus.PublishAsync(Topics.Outbound, A.Key, Outbound(kind), CancellationToken.None).DefaultTimeout();
            }
        }

        await using var second = Open();
        var kinds = new ConcurrentQueue<OutboundKind>();
        var final = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var consuming = second.Bus.ConsumeAsync(Topics.Outbound, "g", (m, _) =>
        {
            kinds.Enqueue(m.Value.Kind);
            final.TrySetResult();
            return ValueTask.CompletedTask;
        }, stop.Token);

        await final.Task.DefaultTimeout();
        await stop.CancelAsync();
        await consuming.DefaultTimeout();
        Assert.Equal([OutboundKind.Final], kinds);
    }

    private Harness Open() => new(_folder.Path);

    private static InboundMessage Inbound(ConversationRef conversation, string text) => new()
    {
        Id = MessageIds.ForInbound(conversation, text),
        PlatformMessageId = text,
        Conversation = conversation,
        From = new Sender("u1"),
        Text = text,
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };

    private static OutboundMessage Outbound(OutboundKind kind) => new()
    {
        Id = $"re_{kind}",
        Conversation = A,
        Kind = kind,
        Text = kind.ToString(),
    };

    /// <summary>A database and the durable bus on it, as the hub wires them.</summary>
    private sealed class Harness : IAsyncDisposable
    {
        private readonly SqliteDatabase _database;

        public Harness(string folder)
        {
            _database = new SqliteDatabase(folder, StorageDurability.Full, 512, TimeProvider.System, NullLogger<SqliteDatabase>.Instance);
            var inner = new InProcessMessageBus(Options.Create(new InProcessBusOptions { Partitions = 4 }), TimeProvider.System, NullLogger<InProcessMessageBus>.Instance);
            Bus = new DurableMessageBus(inner, _database, BusPayloadSerializer.Default, NullLogger<DurableMessageBus>.Instance);
        }

        public DurableMessageBus Bus { get; }

        public long PendingRows() => _database.Read(s => s.Int64("SELECT COUNT(*) FROM bus_messages")!.Value);

        public ValueTask DisposeAsync()
        {
            Bus.Dispose();
            _database.Dispose(); // commits the queued deletes of handled messages
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Texts received per conversation; completes when <c>expected</c> arrived. A handler may throw on one text.</summary>
    private sealed class Received(int expected, string? throwOn = null)
    {
        private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _texts = new();
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public Task All => _all.Task;

        public string[] Of(ConversationRef conversation) => [.. _texts.GetOrAdd(conversation.Key, _ => new())];

        public ValueTask HandleAsync(BusMessage<InboundMessage> message, CancellationToken cancellationToken)
        {
            _texts.GetOrAdd(message.Key, _ => new()).Enqueue(message.Value.Text);
            if (Interlocked.Increment(ref _count) == expected)
            {
                _all.TrySetResult();
            }

            return message.Value.Text == throwOn ? throw new InvalidOperationException("a failing handler") : ValueTask.CompletedTask;
        }
    }
}
