using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Usage;

/// <summary>
/// The embedded usage store: rows and totals in dictionaries under one lock (a flush is one batch every few seconds, not a
/// hot path). Days older than <see cref="UsageOptions.Retention"/> read as absent and are dropped by the next add.
/// </summary>
public sealed class InMemoryUsageStore(IOptions<UsageOptions> options, TimeProvider time) : IUsageStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string User, DateOnly Day, string Platform, string Bot), UsageCounts> _rows = [];
    private readonly Dictionary<(string User, string Period), DateTimeOffset> _notices = [];
    private readonly TimeSpan _retention = options.Value.Retention;

    public ValueTask AddAsync(IReadOnlyCollection<UsageRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var oldest = Oldest;
        lock (_lock)
        {
            foreach (var key in _rows.Keys.Where(k => k.Day < oldest).ToList())
            {
                _rows.Remove(key);
            }

            foreach (var row in rows.Where(r => r.Day >= oldest))
            {
                Add((row.HubUserId, row.Day, row.Platform, row.Bot), row.Counts);
                Add((UsageRow.AllPeople, row.Day, row.Platform, row.Bot), row.Counts);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<UsageRow>> GetAsync(string hubUserId, DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Read(hubUserId, first, last));

    public ValueTask<IReadOnlyList<UsageRow>> GetTotalsAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Read(UsageRow.AllPeople, first, last));

    public ValueTask<bool> TryMarkNoticeAsync(string hubUserId, string period, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            foreach (var key in _notices.Where(n => n.Value <= now).Select(n => n.Key).ToList())
            {
                _notices.Remove(key);
            }

            return ValueTask.FromResult(_notices.TryAdd((hubUserId, period), expiresAt));
        }
    }

    public ValueTask<int> EraseAsync(string hubUserId, CancellationToken cancellationToken)
    {
        var oldest = Oldest;
        lock (_lock)
        {
            var rows = _rows.Keys.Where(k => k.User == hubUserId).ToList();
            foreach (var key in _notices.Keys.Where(k => k.User == hubUserId).ToList())
            {
                _notices.Remove(key);
            }

            return ValueTask.FromResult(rows.Count(key => _rows.Remove(key) && key.Day >= oldest));
        }
    }

    private DateOnly Oldest => UsageOptions.OldestKept(time.GetUtcNow(), _retention);

    private void Add((string, DateOnly, string, string) key, UsageCounts counts)
    {
        _rows[key] = _rows.TryGetValue(key, out var current) ? current + counts : counts;
    }

    private IReadOnlyList<UsageRow> Read(string user, DateOnly first, DateOnly last)
    {
        var oldest = Oldest;
        lock (_lock)
        {
            return UsageRecorder.Sum(_rows
                .Where(r => r.Key.User == user && r.Key.Day >= first && r.Key.Day <= last && r.Key.Day >= oldest)
                .Select(r => new UsageRow(r.Key.Day, user, r.Key.Platform, r.Key.Bot, r.Value)));
        }
    }
}
