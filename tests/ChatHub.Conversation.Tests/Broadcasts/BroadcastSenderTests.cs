using System.Diagnostics.Metrics;
using ChatHub.Conversation.Broadcasts;
using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using ChatHub.Conversation.Pipeline;
using ChatHub.Conversation.Retention;
using ChatHub.Conversation.Routing;
using ChatHub.Conversation.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Tests.Broadcasts;

/// <summary>
/// The sender driven pass by pass on a manual clock: deliveries are paced (<see cref="BroadcastOptions.MessagesPerSecond"/>)
/// and bounded in egress (<see cref="BroadcastOptions.MaxInFlight"/>), each with its deterministic id, opted-out people
/// skipped, and the run completes once egress has reported every delivery.
/// </summary>
public sealed class BroadcastSenderTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryBroadcastStore _store;
    private readonly InMemoryRoutingTable _routes;
    private readonly RecordingBus _bus = new();
    private readonly BroadcastSender _sender;
    private readonly BroadcastEgressObserver _egress;

    public BroadcastSenderTests()
    {
        _store = new InMemoryBroadcastStore(_time);
        _routes = new InMemoryRoutingTable(Options.Create(new RetentionOptions()), _time);
        var options = Options.Create(new BroadcastOptions { MessagesPerSecond = 10, MaxInFlight = 15, BatchSize = 100 });
        _sender = new BroadcastSender(
            _store, new BroadcastAudienceCollector(_store, _routes), _bus, options, _time, NullLogger<BroadcastSender>.Instance);
        _egress = new BroadcastEgressObserver(_store, NullLogger<BroadcastEgressObserver>.Instance);
    }

    [Fact]
    public async Task TickAsync_PacedBoundedOnceEachAndOptOutsSkipped()
    {
        var people = Enumerable.Range(0, 40).Select(i => $"u{i:D2}").ToList();
        foreach (var (person, i) in people.Select((p, i) => (p, i)))
        {
            await _routes.RecordAsync(person, new ConversationRef(ChannelNames.Telegram, "bot", $"{i}"), _time.GetUtcNow(), default);
        }

        await _store.SetPreferenceAsync("u07", BroadcastPreference.OptedOut, default);
        var broadcast = await CreateAsync(new BroadcastAudience(People: [.. people, "u_unknown"]));
        using var metrics = new DeliveryCounts();

        await _sender.TickAsync(default);
        var first = _bus.Published.Count;
        await _sender.TickAsync(default); // no time passed: no new tokens
        var sameSecond = _bus.Published.Count;
        _time.Advance(TimeSpan.FromSeconds(1));
        await _sender.TickAsync(default); // tokens again, but 15 are waiting in egress
        var bounded = _bus.Published.Count;
        while (_bus.Published.Count < 39)
        {
            await ReportAllAsync();
            _time.Advance(TimeSpan.FromSeconds(1));
            await _sender.TickAsync(default);
        }

        await ReportAllAsync();
        await _sender.TickAsync(default);

        Assert.Equal((10, 10, 15), (first, sameSecond, bounded));
        var ids = _bus.Published.Select(m => m.Id).ToList();
        Assert.Equal(39, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(BroadcastIds.TryParseMessageId(id, out var parsed, out var run, out _) && parsed == broadcast.Id && run == 0));
        Assert.DoesNotContain(_bus.Published, m => m.Conversation.ChatId == "7");
        Assert.Equal(BroadcastStatus.Completed, (await _store.GetAsync(broadcast.Id, default))!.Status);
        Assert.Equal(new BroadcastCounts(0, 0, 39, 1, 1, 0), await _store.CountAsync(broadcast.Id, 0, default));
        Assert.Equal("no route: the person has no conversation the hub can write to",
            Assert.Single(await _store.ListAsync(broadcast.Id, 0, RecipientState.Failed, 0, 10, default)).Reason);
        Assert.Equal(
            ["none failed: 1", "telegram queued: 39", "telegram sent: 39", "telegram skipped: 1"],
            metrics.Deliveries.Select(d => $"{d.Key}: {d.Value}").Order(StringComparer.Ordinal));
        Assert.Equal(1, metrics.RunsFinished);
    }

    [Fact]
    public async Task TickAsync_DeadLetteredDeliveryFailsWithTheReason_ADuplicateCountsAsSent()
    {
        await _routes.RecordAsync("a", new ConversationRef(ChannelNames.Telegram, "bot", "1"), _time.GetUtcNow(), default);
        await _routes.RecordAsync("b", new ConversationRef(ChannelNames.Discord, "bot", "2"), _time.GetUtcNow(), default);
        var broadcast = await CreateAsync(new BroadcastAudience(Channels: [ChannelNames.Telegram, ChannelNames.Discord]));

        await _sender.TickAsync(default);
        await _sender.TickAsync(default);
        await _egress.OnFinalAsync(_bus.Published[0], EgressOutcome.DeadLettered, "bot was blocked by the user", default);
        await _egress.OnFinalAsync(_bus.Published[1], EgressOutcome.AlreadyDone, null, default);
        await _egress.OnFinalAsync(_bus.Published[1], EgressOutcome.Sent, null, default); // a second report changes nothing
        await _sender.TickAsync(default);

        Assert.Equal(2, _bus.Published.Count);
        Assert.Equal(new BroadcastCounts(0, 0, 1, 1, 0, 0), await _store.CountAsync(broadcast.Id, 0, default));
        Assert.Equal("bot was blocked by the user", Assert.Single(await _store.ListAsync(broadcast.Id, 0, RecipientState.Failed, 0, 10, default)).Reason);
        Assert.Equal(BroadcastStatus.Completed, (await _store.GetAsync(broadcast.Id, default))!.Status);
    }

    /// <summary>chathub.broadcast.deliveries by "channel outcome", and finished runs, while it lives.</summary>
    private sealed class DeliveryCounts : IDisposable
    {
        private readonly MeterListener _listener = new();

        public DeliveryCounts()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ChatHubTelemetry.Name && instrument.Name.StartsWith("chathub.broadcast.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                var tagged = new Dictionary<string, object?>();
                foreach (var tag in tags)
                {
                    tagged[tag.Key] = tag.Value;
                }

                lock (Deliveries)
                {
                    if (instrument.Name == "chathub.broadcast.deliveries")
                    {
                        var key = $"{tagged["channel"]} {tagged["outcome"]}";
                        Deliveries[key] = Deliveries.GetValueOrDefault(key) + value;
                    }
                    else if (Equals(tagged["outcome"], "finished"))
                    {
                        RunsFinished += value;
                    }
                }
            });
            _listener.Start();
        }

        public Dictionary<string, long> Deliveries { get; } = [];

        public long RunsFinished { get; private set; }

        public void Dispose() => _listener.Dispose();
    }

    private async Task<Broadcast> CreateAsync(BroadcastAudience audience)
    {
        var broadcast = new Broadcast
        {
            Id = BroadcastIds.NewId(),
            Text = "hello",
            Audience = audience,
            CreatedBy = "test",
            CreatedAt = _time.GetUtcNow(),
            NextRunAt = _time.GetUtcNow(),
        };
        await _store.CreateAsync(broadcast, default);
        return broadcast;
    }

    private async Task ReportAllAsync()
    {
        foreach (var message in _bus.Published)
        {
            await _egress.OnFinalAsync(message, EgressOutcome.Sent, null, default);
        }
    }

    private sealed class RecordingBus : IMessageBus
    {
        public List<OutboundMessage> Published { get; } = [];

        public ValueTask PublishAsync<T>(BusTopic<T> topic, string key, T value, CancellationToken cancellationToken)
        {
            Published.Add(Assert.IsType<OutboundMessage>(value));
            return ValueTask.CompletedTask;
        }

        public Task ConsumeAsync<T>(BusTopic<T> topic, string consumerGroup, Func<BusMessage<T>, CancellationToken, ValueTask> handler, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
