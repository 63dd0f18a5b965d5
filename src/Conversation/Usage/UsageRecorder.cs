using System.Runtime.InteropServices;
using ChatHub.Conversation.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Usage;

/// <summary>
/// Counts usage once per answered question: the metrics at once, the store in batches. Counts are added up in memory per
/// person, day, platform and bot and written every <see cref="UsageOptions.FlushInterval"/> (and at stop) in one
/// <see cref="IUsageStore.AddAsync"/>, so a question costs no store round trip here. A failed write is kept for the next
/// flush (up to <see cref="UsageOptions.MaxPendingRows"/> rows; past that the batch is dropped with a warning). Reads for
/// budgets see the store plus this node's unwritten counts.
/// </summary>
public sealed partial class UsageRecorder : BackgroundService
{
    private readonly IUsageStore _store;
    private readonly UsageOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<UsageRecorder> _logger;
    private readonly Lock _lock = new();
    private Dictionary<Key, UsageCounts> _pending = [];
    private readonly SemaphoreSlim _flushing = new(1, 1);

    public UsageRecorder(IUsageStore store, IOptions<UsageOptions> options, TimeProvider time, ILogger<UsageRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Rows waiting for the next flush.</summary>
    public int PendingRows
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Counts one question of <paramref name="hubUserId"/> in <paramref name="conversation"/> with its outcome (a <see cref="ReplySource"/> or <c>refused</c>).</summary>
    public void Record(string hubUserId, ConversationRef conversation, string outcome, UsageCounts counts)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        UsageTelemetry.Record(conversation.Channel, conversation.BotId, outcome, counts);
        var key = new Key(hubUserId, Today(), conversation.Channel, conversation.BotId);
        lock (_lock)
        {
            ref var row = ref CollectionsMarshal.GetValueRefOrAddDefault(_pending, key, out _);
            row += counts;
        }
    }

    /// <summary>The person's rows in the store plus this node's unwritten counts, summed per day, platform and bot.</summary>
    public async ValueTask<IReadOnlyList<UsageRow>> GetAsync(string hubUserId, DateOnly first, DateOnly last, CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(hubUserId, first, last, cancellationToken);
        List<UsageRow>? pending = null;
        lock (_lock)
        {
            foreach (var (key, counts) in _pending)
            {
                if (key.HubUserId == hubUserId && key.Day >= first && key.Day <= last)
                {
                    (pending ??= []).Add(new UsageRow(key.Day, hubUserId, key.Platform, key.Bot, counts));
                }
            }
        }

        return pending is null ? stored : Sum([.. stored, .. pending]);
    }

    /// <summary>Drops the person's unwritten counts (erasure).</summary>
    public int Forget(string hubUserId)
    {
        lock (_lock)
        {
            return _pending.Keys.Where(k => k.HubUserId == hubUserId).ToList().Count(_pending.Remove);
        }
    }

    /// <summary>Writes the unwritten counts now (the loop's tick, stop, tests).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            Dictionary<Key, UsageCounts> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                batch = _pending;
                _pending = [];
            }

            try
            {
                await _store.AddAsync([.. batch.Select(p => new UsageRow(p.Key.Day, p.Key.HubUserId, p.Key.Platform, p.Key.Bot, p.Value))], cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                lock (_lock)
                {
                    if (_pending.Count + batch.Count > _options.MaxPendingRows)
                    {
                        LogFlushDropped(_logger, batch.Count, ex);
                        return;
                    }

                    foreach (var (key, counts) in batch)
                    {
                        ref var row = ref CollectionsMarshal.GetValueRefOrAddDefault(_pending, key, out _);
                        row += counts;
                    }
                }

                LogFlushFailed(_logger, batch.Count, ex);
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.FlushInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: the last flush follows
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _flushing.Dispose();
        base.Dispose();
    }

    /// <summary>Rows summed per day, platform and bot, in that order.</summary>
    public static IReadOnlyList<UsageRow> Sum(IEnumerable<UsageRow> rows) =>
        [.. rows.GroupBy(r => (r.Day, r.HubUserId, r.Platform, r.Bot))
            .Select(g => new UsageRow(g.Key.Day, g.Key.HubUserId, g.Key.Platform, g.Key.Bot, g.Aggregate(default(UsageCounts), (sum, r) => sum + r.Counts)))
            .OrderBy(r => r.Day).ThenBy(r => r.Platform, StringComparer.Ordinal).ThenBy(r => r.Bot, StringComparer.Ordinal)];

    private DateOnly Today() => DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);

    private readonly record struct Key(string HubUserId, DateOnly Day, string Platform, string Bot);

    [LoggerMessage(EventId = 3901, Level = LogLevel.Warning, Message = "Usage of {Rows} rows not written; kept for the next flush")]
    private static partial void LogFlushFailed(ILogger logger, int rows, Exception exception);

    [LoggerMessage(EventId = 3902, Level = LogLevel.Error, Message = "Usage of {Rows} rows dropped: the store failed and too many rows are waiting")]
    private static partial void LogFlushDropped(ILogger logger, int rows, Exception exception);
}
