using System.Collections.Concurrent;
using ChatHub.Conversation.Retention;
using Microsoft.Extensions.Options;

namespace ChatHub.Conversation.Memory;

/// <summary>
/// The embedded memory store: a list per hub user under its own lock, kept in read order. Entries older than
/// <see cref="RetentionOptions.Memories"/> (by the injected clock) are left out of reads and dropped by the next write.
/// </summary>
public sealed class InMemoryMemoryStore : IMemoryStore
{
    private readonly ConcurrentDictionary<string, List<MemoryEntry>> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _groups = new(StringComparer.Ordinal);
    private readonly MemoryOptions _options;
    private readonly RetentionOptions _retention;
    private readonly TimeProvider _time;

    public InMemoryMemoryStore(IOptions<MemoryOptions> options, IOptions<RetentionOptions> retention, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(retention);
        _options = options.Value;
        _retention = retention.Value;
        _time = time;
    }

    public ValueTask<IReadOnlyList<MemoryEntry>> GetAsync(string hubUserId, CancellationToken cancellationToken)
    {
        IReadOnlyList<MemoryEntry> result = [];
        if (_entries.TryGetValue(hubUserId, out var list))
        {
            lock (list)
            {
                result = Live(list);
            }
        }

        return ValueTask.FromResult(result);
    }

    public ValueTask<MemoryAddOutcome> AddAsync(string hubUserId, MemoryEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        while (true)
        {
            var list = _entries.GetOrAdd(hubUserId, static _ => []);
            lock (list)
            {
                if (!_entries.TryGetValue(hubUserId, out var current) || current != list)
                {
                    continue; // removed by a clear or a merge meanwhile: take the fresh one
                }

                Prune(list);
                if (list.Exists(e => e.Id == entry.Id))
                {
                    return ValueTask.FromResult(MemoryAddOutcome.Duplicate);
                }

                if (list.Count >= _options.MaxEntries)
                {
                    return ValueTask.FromResult(MemoryAddOutcome.Full);
                }

                var at = list.FindLastIndex(e => Compare(e, entry) <= 0) + 1; // kept in read order: reads only filter
                list.Insert(at, entry);
                return ValueTask.FromResult(MemoryAddOutcome.Added);
            }
        }
    }

    public ValueTask<bool> RemoveAsync(string hubUserId, string id, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(hubUserId, out var list))
        {
            return ValueTask.FromResult(false);
        }

        lock (list)
        {
            Prune(list);
            return ValueTask.FromResult(list.RemoveAll(e => e.Id == id) > 0);
        }
    }

    public ValueTask<int> ClearAsync(string hubUserId, CancellationToken cancellationToken)
    {
        if (!_entries.TryRemove(hubUserId, out var list))
        {
            return ValueTask.FromResult(0);
        }

        lock (list)
        {
            return ValueTask.FromResult(Live(list).Count);
        }
    }

    public ValueTask MergeAsync(string fromHubUserId, string intoHubUserId, CancellationToken cancellationToken)
    {
        if (fromHubUserId == intoHubUserId)
        {
            return ValueTask.CompletedTask;
        }

        _groups.TryRemove(fromHubUserId, out _);
        if (!_entries.TryRemove(fromHubUserId, out var source))
        {
            return ValueTask.CompletedTask;
        }

        List<MemoryEntry> moving;
        lock (source)
        {
            moving = Live(source);
        }

        while (moving.Count > 0)
        {
            var target = _entries.GetOrAdd(intoHubUserId, static _ => []);
            lock (target)
            {
                if (!_entries.TryGetValue(intoHubUserId, out var current) || current != target)
                {
                    continue;
                }

                var merged = Merge(Live(target), moving, _options.MaxEntries);
                target.Clear();
                target.AddRange(merged);
                break;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> GetGroupsEnabledAsync(string hubUserId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_groups.TryGetValue(hubUserId, out var at) && at > Cutoff);

    public ValueTask SetGroupsEnabledAsync(string hubUserId, bool enabled, CancellationToken cancellationToken)
    {
        if (enabled)
        {
            _groups[hubUserId] = _time.GetUtcNow();
        }
        else
        {
            _groups.TryRemove(hubUserId, out _);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The target's entries and the source's, in time order (on equal times by id), an id both have kept once (the
    /// target's), the newest <paramref name="max"/> kept. The rule every store follows.
    /// </summary>
    public static List<MemoryEntry> Merge(IEnumerable<MemoryEntry> target, IEnumerable<MemoryEntry> source, int max)
    {
        var all = target.ToList();
        all.AddRange(source.Where(entry => !all.Exists(kept => kept.Id == entry.Id)));
        var ordered = Order(all);
        return [.. ordered.Skip(Math.Max(0, ordered.Count - max))];
    }

    /// <summary>Oldest first, on equal times by id (ordinal): the order every store reads in.</summary>
    public static List<MemoryEntry> Order(IEnumerable<MemoryEntry> entries) =>
        [.. entries.OrderBy(e => e.SavedAt.UtcTicks).ThenBy(e => e.Id, StringComparer.Ordinal)];

    private DateTimeOffset Cutoff => _time.GetUtcNow() - _retention.Memories;

    /// <summary>The live entries of a list kept in read order (<see cref="Order"/>).</summary>
    private List<MemoryEntry> Live(List<MemoryEntry> list)
    {
        var cutoff = Cutoff;
        var live = new List<MemoryEntry>(list.Count);
        foreach (var entry in list)
        {
            if (entry.SavedAt > cutoff)
            {
                live.Add(entry);
            }
        }

        return live;
    }

    private static int Compare(MemoryEntry a, MemoryEntry b)
    {
        var byTime = a.SavedAt.UtcTicks.CompareTo(b.SavedAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
    }

    private void Prune(List<MemoryEntry> list)
    {
        var cutoff = Cutoff;
        list.RemoveAll(e => e.SavedAt <= cutoff);
    }
}
