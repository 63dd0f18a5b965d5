using ChatHub.Conversation.Bus;
using ChatHub.Conversation.Messages;
using Cronos;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Broadcasts;

/// <summary>
/// Sends due broadcasts, on one node at a time (the store's lease, renewed every <see cref="BroadcastOptions.PollInterval"/>).
/// Each poll: collects the next batch of a run's audience (<see cref="BroadcastAudienceCollector"/>), then moves pending
/// recipients to queued and publishes each as a final reply to chat.outbound with its deterministic id, at most
/// <see cref="BroadcastOptions.MessagesPerSecond"/> and <see cref="BroadcastOptions.MaxInFlight"/> queued at once. Egress
/// sends them through each platform's sender and budgets like any reply and reports back (<see cref="BroadcastEgressObserver"/>).
/// A node that takes the lease (a restart, another node) first publishes every still-queued recipient again: egress's
/// ledger drops the ones already sent, so nobody gets one twice and nothing queued is lost.
/// </summary>
public sealed partial class BroadcastSender : BackgroundService
{
    private readonly IBroadcastStore _store;
    private readonly BroadcastAudienceCollector _collector;
    private readonly IMessageBus _bus;
    private readonly BroadcastOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BroadcastSender> _logger;
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private double _tokens;
    private DateTimeOffset _lastRefill;

    public BroadcastSender(
        IBroadcastStore store, BroadcastAudienceCollector collector, IMessageBus bus, IOptions<BroadcastOptions> options, TimeProvider time,
        ILogger<BroadcastSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _collector = collector;
        _bus = bus;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var leading = false;
        _lastRefill = _time.GetUtcNow();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (await _store.TryAcquireLeaseAsync(_owner, _options.LeaseDuration, stoppingToken))
                    {
                        if (!leading)
                        {
                            LogLeading(_logger, _owner);
                            await RequeueAsync(stoppingToken);
                            leading = true;
                        }

                        await TickAsync(stoppingToken);
                    }
                    else
                    {
                        leading = false;
                    }
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    leading = false; // take over afresh (requeue) once the store answers again
                    LogLoopFailed(_logger, e);
                }

                await Task.Delay(_options.PollInterval, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (leading)
            {
                using var release = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _store.ReleaseLeaseAsync(_owner, release.Token);
                }
                catch (Exception e)
                {
                    LogLoopFailed(_logger, e); // it expires by itself
                }
            }
        }
    }

    /// <summary>One pass over the active broadcasts; internal for tests that drive the sender by hand.</summary>
    internal async Task TickAsync(CancellationToken cancellationToken)
    {
        Refill();
        foreach (var active in await _store.ListActiveAsync(cancellationToken))
        {
            var broadcast = active;
            if (broadcast.Status == BroadcastStatus.Scheduled)
            {
                if (broadcast.NextRunAt > _time.GetUtcNow())
                {
                    continue;
                }

                broadcast = broadcast with { Status = BroadcastStatus.Sending };
                if (!await _store.UpdateAsync(broadcast, cancellationToken))
                {
                    continue;
                }

                LogRunStarted(_logger, broadcast.Id, broadcast.Run);
                BroadcastTelemetry.RunStarted();
            }

            if (!broadcast.AudienceComplete)
            {
                broadcast = await _collector.CollectNextAsync(broadcast, _options.BatchSize, cancellationToken);
                if (!await _store.UpdateAsync(broadcast, cancellationToken))
                {
                    continue; // cancelled meanwhile
                }
            }

            await QueueAsync(broadcast, cancellationToken);
            var counts = await _store.CountAsync(broadcast.Id, broadcast.Run, cancellationToken);
            if (broadcast.AudienceComplete && counts.Pending == 0 && counts.Queued == 0)
            {
                await FinishRunAsync(broadcast, counts, cancellationToken);
            }
        }
    }

    private async Task QueueAsync(Broadcast broadcast, CancellationToken cancellationToken)
    {
        var inFlight = (await _store.CountAsync(broadcast.Id, broadcast.Run, cancellationToken)).Queued;
        var room = Math.Min(_options.MaxInFlight - inFlight, (int)_tokens);
        if (room <= 0)
        {
            return;
        }

        foreach (var recipient in await _store.ListAsync(broadcast.Id, broadcast.Run, RecipientState.Pending, 0, room, cancellationToken))
        {
            if (await _store.GetPreferenceAsync(recipient.HubUserId, cancellationToken) == BroadcastPreference.OptedOut)
            {
                if (await _store.TransitionAsync(broadcast.Id, broadcast.Run, recipient.Key, RecipientState.Pending, RecipientState.Skipped, "opted out", cancellationToken))
                {
                    BroadcastTelemetry.Delivery(recipient.Conversation, RecipientState.Skipped);
                }

                continue;
            }

            if (!await _store.TransitionAsync(broadcast.Id, broadcast.Run, recipient.Key, RecipientState.Pending, RecipientState.Queued, null, cancellationToken))
            {
                continue; // cancelled or erased meanwhile
            }

            _tokens--;
            try
            {
                await PublishAsync(broadcast, recipient, cancellationToken);
                BroadcastTelemetry.Delivery(recipient.Conversation, RecipientState.Queued);
            }
            catch
            {
                // Not on the bus: back to pending, so it is queued again (a store failure here leaves it queued, and the
                // next node to take the lease publishes it again).
                await _store.TransitionAsync(broadcast.Id, broadcast.Run, recipient.Key, RecipientState.Queued, RecipientState.Pending, null, CancellationToken.None);
                throw;
            }
        }
    }

    /// <summary>Publishes every queued recipient of the active runs again (taking over: what the last holder queued may never have reached the bus).</summary>
    private async Task RequeueAsync(CancellationToken cancellationToken)
    {
        foreach (var broadcast in await _store.ListActiveAsync(cancellationToken))
        {
            var requeued = 0;
            while (true)
            {
                var page = await _store.ListAsync(broadcast.Id, broadcast.Run, RecipientState.Queued, requeued, _options.BatchSize, cancellationToken);
                foreach (var recipient in page)
                {
                    await PublishAsync(broadcast, recipient, cancellationToken);
                }

                requeued += page.Count;
                if (page.Count < _options.BatchSize)
                {
                    break;
                }
            }

            if (requeued > 0)
            {
                LogRequeued(_logger, broadcast.Id, requeued);
            }
        }
    }

    private ValueTask PublishAsync(Broadcast broadcast, BroadcastRecipient recipient, CancellationToken cancellationToken)
    {
        var conversation = recipient.Conversation!;
        var message = new OutboundMessage
        {
            Id = BroadcastIds.MessageId(broadcast.Id, broadcast.Run, recipient.Key, conversation),
            Conversation = conversation,
            Kind = OutboundKind.Final,
            Text = broadcast.Text,
            Source = ReplySource.System,
            CreatedAt = _time.GetUtcNow(),
        };
        return _bus.PublishAsync(Topics.Outbound, conversation.Key, message, cancellationToken);
    }

    private async Task FinishRunAsync(Broadcast broadcast, BroadcastCounts counts, CancellationToken cancellationToken)
    {
        var next = broadcast.Cron is null
            ? null
            : CronExpression.Parse(broadcast.Cron, CronFormat.Standard).GetNextOccurrence(_time.GetUtcNow(), TimeZoneInfo.Utc);
        var finished = next is { } at
            ? broadcast with { Status = BroadcastStatus.Scheduled, Run = broadcast.Run + 1, NextRunAt = at, AudienceComplete = false, AudienceCursor = null }
            : broadcast with { Status = BroadcastStatus.Completed };
        if (await _store.UpdateAsync(finished, cancellationToken))
        {
            LogRunFinished(_logger, broadcast.Id, broadcast.Run, counts.Sent, counts.Failed, counts.Skipped);
            BroadcastTelemetry.RunFinished();
        }
    }

    private void Refill()
    {
        var now = _time.GetUtcNow();
        var elapsed = Math.Max(0, (now - _lastRefill).TotalSeconds);
        _lastRefill = now;
        var burst = Math.Max(1, _options.MessagesPerSecond * Math.Max(1, _options.PollInterval.TotalSeconds));
        _tokens = Math.Min(burst, _tokens + (elapsed * _options.MessagesPerSecond));
    }

    [LoggerMessage(EventId = 3610, Level = LogLevel.Information, Message = "Broadcast sender {Owner} holds the sending lease")]
    private static partial void LogLeading(ILogger logger, string owner);

    [LoggerMessage(EventId = 3611, Level = LogLevel.Information, Message = "Broadcast {BroadcastId} run {Run} started")]
    private static partial void LogRunStarted(ILogger logger, string broadcastId, int run);

    [LoggerMessage(EventId = 3612, Level = LogLevel.Information, Message = "Broadcast {BroadcastId} run {Run} finished: {Sent} sent, {Failed} failed, {Skipped} skipped")]
    private static partial void LogRunFinished(ILogger logger, string broadcastId, int run, int sent, int failed, int skipped);

    [LoggerMessage(EventId = 3613, Level = LogLevel.Information, Message = "Broadcast {BroadcastId}: {Count} queued recipients published again after taking the lease")]
    private static partial void LogRequeued(ILogger logger, string broadcastId, int count);

    [LoggerMessage(EventId = 3614, Level = LogLevel.Warning, Message = "Broadcast sender pass failed; retrying at the next poll")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
