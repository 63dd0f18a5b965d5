using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Sessions;

/// <summary>The embedded summary store: one entry per hub user, read as absent after its expiry.</summary>
public sealed class InMemorySummaryStore : ISummaryStore
{
    private readonly ConcurrentDictionary<string, (ConversationSummary Summary, DateTimeOffset ExpiresAt)> _summaries = new(StringComparer.Ordinal);
    private readonly SessionOptions _options;
    private readonly TimeProvider _time;
    private readonly SweepSchedule _sweep;

    public InMemorySummaryStore(IOptions<SessionOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _sweep = new SweepSchedule(time);
    }

    public ValueTask<ConversationSummary?> GetAsync(string hubUserId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Live(hubUserId));

    public ValueTask SetAsync(string hubUserId, ConversationSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var expiresAt = _time.GetUtcNow() + _options.Ttl;
        _summaries.AddOrUpdate(
            hubUserId,
            static (_, state) => (state.summary, state.expiresAt),
            static (_, current, state) => current.ExpiresAt > state.now && current.Summary.UpTo > state.summary.UpTo ? current : (state.summary, state.expiresAt),
            (summary, expiresAt, now: _time.GetUtcNow()));
        if (_sweep.IsDue(_time.GetUtcNow()))
        {
            foreach (var (key, entry) in _summaries.Where(pair => pair.Value.ExpiresAt <= _time.GetUtcNow()))
            {
                _summaries.TryRemove(new KeyValuePair<string, (ConversationSummary, DateTimeOffset)>(key, entry));
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ClearAsync(string hubUserId, CancellationToken cancellationToken)
    {
        _summaries.TryRemove(hubUserId, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId)
        {
            return ValueTask.CompletedTask;
        }

        var from = Live(fromHubUserId);
        _summaries.TryRemove(fromHubUserId, out _);
        if (from is not null)
        {
            _summaries[intoHubUserId] = (Merge(Live(intoHubUserId), from), _time.GetUtcNow() + _options.Ttl);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The rule every store follows: both texts, the older first, up to the later time.</summary>
    public static ConversationSummary Merge(ConversationSummary? into, ConversationSummary from)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (into is null)
        {
            return from;
        }

        var (older, newer) = into.UpTo <= from.UpTo ? (into, from) : (from, into);
        return new ConversationSummary(older.Text + "\n\n" + newer.Text, newer.UpTo);
    }

    private ConversationSummary? Live(string hubUserId) =>
        _summaries.TryGetValue(hubUserId, out var entry) && entry.ExpiresAt > _time.GetUtcNow() ? entry.Summary : null;
}
