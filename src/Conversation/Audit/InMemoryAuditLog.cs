using System.Collections.Concurrent;
using ChatHub.Conversation.Retention;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Audit;

public sealed class InMemoryAuditLog : IAuditLog
{
    public const string Tombstone = "(erased)";

    private readonly ConcurrentDictionary<string, List<AuditEntry>> _entries = new(StringComparer.Ordinal);
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;
    private readonly SweepSchedule _sweep;

    public InMemoryAuditLog(IOptions<RetentionOptions> retention, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(retention);
        _retention = retention.Value.Audit;
        _time = time;
        _sweep = new SweepSchedule(time);
    }

    public ValueTask AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var now = _time.GetUtcNow();
        if (_sweep.IsDue(now))
        {
            Sweep(now);
        }

        Add(entry);
        return ValueTask.CompletedTask;
    }

    private void Add(AuditEntry entry)
    {
        while (true)
        {
            var list = _entries.GetOrAdd(entry.HubUserId, static _ => []);
            lock (list)
            {
                if (_entries.TryGetValue(entry.HubUserId, out var current) && ReferenceEquals(current, list))
                {
                    list.Add(entry);
                    return;
                }
            }

            // The sweep (or a tombstone) removed this list meanwhile: append to the new one.
        }
    }

    public ValueTask<IReadOnlyList<AuditEntry>> GetAsync(string hubUserId, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(hubUserId, out var list))
        {
            return ValueTask.FromResult<IReadOnlyList<AuditEntry>>([]);
        }

        var now = _time.GetUtcNow();
        lock (list)
        {
            return ValueTask.FromResult<IReadOnlyList<AuditEntry>>([.. list.Where(e => IsLive(e, now))]);
        }
    }

    public ValueTask TombstoneAsync(string hubUserId, CancellationToken cancellationToken)
    {
        if (!_entries.TryRemove(hubUserId, out var list))
        {
            return ValueTask.CompletedTask;
        }

        var erased = AuditIds.Erased(hubUserId);
        List<AuditEntry> moved;
        lock (list)
        {
            moved = [.. list.Select(e => e with { HubUserId = erased, Details = Tombstone })];
            list.Clear();
        }

        foreach (var entry in moved)
        {
            Add(entry);
        }

        return ValueTask.CompletedTask;
    }

    private bool IsLive(AuditEntry entry, DateTimeOffset now) => entry.At + _retention > now;

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (hubUserId, list) in _entries)
        {
            lock (list)
            {
                list.RemoveAll(e => !IsLive(e, now));
                if (list.Count == 0)
                {
                    _entries.TryRemove(new KeyValuePair<string, List<AuditEntry>>(hubUserId, list));
                }
            }
        }
    }
}
