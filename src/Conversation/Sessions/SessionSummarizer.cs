using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Sessions;

/// <summary>
/// Folds the turns a session is about to drop (beyond <see cref="SessionOptions.MaxTurns"/>) into the person's rolling
/// summary, in the background: the worker hands the dropped turns over after its append (<see cref="OnAppended"/>, never waiting) and answers;
/// one loop asks <see cref="ITurnSummarizer"/> (the model) and stores the result (<see cref="ISummaryStore"/>), one fold
/// at a time, so summaries take at most one model slot. A fold that fails (the model timed out, answered nothing)
/// keeps its turns for the person's next fold (at most <see cref="SessionOptions.MaxTurns"/> of them, the newest,
/// for at most <see cref="SessionOptions.SummaryQueueCapacity"/> people); a full queue or a lost fold (a node
/// stopped) drops those turns, as without summaries; a fold of turns the summary already covers (a message
/// processed again) is skipped.
/// </summary>
public sealed partial class SessionSummarizer : BackgroundService
{
    private readonly Channel<(string HubUserId, SessionTurn[] Turns)> _queue;

    // Turns of failed folds, per person, waiting for the person's next fold (the fold loop; erasure removes).
    private readonly ConcurrentDictionary<string, SessionTurn[]> _carried = new(StringComparer.Ordinal);
    private readonly ISummaryStore _store;
    private readonly ITurnSummarizer? _summarizer;
    private readonly SessionOptions _options;
    private readonly ILogger<SessionSummarizer> _logger;

    public SessionSummarizer(ISummaryStore store, IOptions<SessionOptions> options, ILogger<SessionSummarizer> logger, ITurnSummarizer? summarizer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _summarizer = summarizer;
        _options = options.Value;
        _logger = logger;
        _queue = Channel.CreateBounded<(string, SessionTurn[])>(new BoundedChannelOptions(_options.SummaryQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropWrite,
        });
    }

    /// <summary>True when summaries are kept: switched on and a model writes them.</summary>
    public bool Enabled => _options.Summarize && _summarizer is { IsAvailable: true };

    /// <summary>
    /// The worker appended <paramref name="appending"/> turns to a session that held <paramref name="history"/>: the oldest
    /// ones that no longer fit go to the background fold. Returns at once.
    /// </summary>
    public void OnAppended(string hubUserId, IReadOnlyList<SessionTurn> history, int appending)
    {
        ArgumentNullException.ThrowIfNull(history);
        var overflow = history.Count + appending - _options.MaxTurns;
        if (!Enabled || overflow <= 0)
        {
            return;
        }

        if (!_queue.Writer.TryWrite((hubUserId, [.. history.Take(overflow)])))
        {
            LogQueueFull(_logger, hubUserId);
        }
    }

    /// <summary>The summary the prompt carries: only once the session is full (a fresh or expired session starts anew).</summary>
    public async ValueTask<ConversationSummary?> GetForPromptAsync(string hubUserId, IReadOnlyList<SessionTurn> history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        return _options.Summarize && history.Count >= _options.MaxTurns - 2 ? await _store.GetAsync(hubUserId, cancellationToken) : null;
    }

    /// <summary>Runs one fold now; false when the model wrote nothing (the summary is unchanged).</summary>
    public async Task<bool> FoldAsync(string hubUserId, IReadOnlyList<SessionTurn> turns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turns);
        if (_summarizer is null || turns.Count == 0)
        {
            return true;
        }

        var previous = await _store.GetAsync(hubUserId, cancellationToken);
        if (previous is not null && previous.UpTo >= turns[^1].At)
        {
            return true; // folded already
        }

        // Turns a failed fold left may overlap what a later one stored: only what the summary does not cover yet.
        if (previous is not null && turns[0].At <= previous.UpTo)
        {
            turns = [.. turns.Where(t => t.At > previous.UpTo)];
        }

        var text = await _summarizer.SummarizeAsync(previous?.Text, turns, _options.SummaryMaxCharacters, cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.Length > _options.SummaryMaxCharacters)
        {
            text = text[.._options.SummaryMaxCharacters];
        }

        await _store.SetAsync(hubUserId, new ConversationSummary(text, turns[^1].At), cancellationToken);
        LogFolded(_logger, hubUserId, turns.Count);
        return true;
    }

    /// <summary>The loop's step: the person's carried turns and <paramref name="turns"/> folded; on failure carried on.</summary>
    public async Task FoldOrCarryAsync(string hubUserId, SessionTurn[] turns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turns);
        if (_carried.TryRemove(hubUserId, out var carried))
        {
            turns = [.. carried.Concat(turns).DistinctBy(t => (t.At, t.Role, t.Text)).OrderBy(t => t.At)];
        }

        Exception? failure = null;
        try
        {
            if (await FoldAsync(hubUserId, turns, cancellationToken))
            {
                return;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = ex;
        }

        // Kept for the person's next fold: the newest turns up to the session's size, for a bounded number of people.
        if (_carried.Count < _options.SummaryQueueCapacity)
        {
            _carried[hubUserId] = turns.Length > _options.MaxTurns ? turns[^_options.MaxTurns..] : turns;
            LogFoldFailed(_logger, hubUserId, turns.Length, failure);
        }
        else
        {
            LogFoldDropped(_logger, hubUserId, turns.Length, failure);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (hubUserId, turns) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await FoldOrCarryAsync(hubUserId, turns, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Erasure: the person's turns waiting for a fold go too; the number of turns dropped.</summary>
    public int Forget(string hubUserId) => _carried.TryRemove(hubUserId, out var turns) ? turns.Length : 0;

    /// <summary>Turns of the person waiting for their next fold (tests, diagnostics).</summary>
    public int CarriedFor(string hubUserId) => _carried.TryGetValue(hubUserId, out var turns) ? turns.Length : 0;

    [LoggerMessage(EventId = 3971, Level = LogLevel.Debug, Message = "Summary of hub user {HubUserId}: {Turns} turns folded in")]
    private static partial void LogFolded(ILogger logger, string hubUserId, int turns);

    [LoggerMessage(EventId = 3972, Level = LogLevel.Warning, Message = "Summary of hub user {HubUserId} not updated; its {Turns} turns wait for the person's next fold")]
    private static partial void LogFoldFailed(ILogger logger, string hubUserId, int turns, Exception? exception);

    [LoggerMessage(EventId = 3974, Level = LogLevel.Warning, Message = "Summary of hub user {HubUserId} not updated; its {Turns} turns are dropped (too many people's turns already wait for a fold)")]
    private static partial void LogFoldDropped(ILogger logger, string hubUserId, int turns, Exception? exception);

    [LoggerMessage(EventId = 3973, Level = LogLevel.Warning, Message = "Summary queue full: turns of hub user {HubUserId} dropped without a summary")]
    private static partial void LogQueueFull(ILogger logger, string hubUserId);
}
