using System.Collections.Concurrent;

namespace ChatHub.Conversation.Audit;

public sealed class InMemoryAuditLog : IAuditLog
{
    public const string Tombstone = "(erased)";

    private readonly ConcurrentDictionary<string, List<AuditEntry>> _entries = new(StringComparer.Ordinal);

    public ValueTask AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var list = _entries.GetOrAdd(entry.HubUserId, static _ => []);
        lock (list)
        {
            list.Add(entry);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<AuditEntry>> GetAsync(string hubUserId, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(hubUserId, out var list))
        {
            return ValueTask.FromResult<IReadOnlyList<AuditEntry>>([]);
        }

        lock (list)
        {
            return ValueTask.FromResult<IReadOnlyList<AuditEntry>>([.. list]);
        }
    }

    public ValueTask TombstoneAsync(string hubUserId, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(hubUserId, out var list))
        {
            lock (list)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    list[i] = list[i] with { Details = Tombstone };
                }
            }
        }

        return ValueTask.CompletedTask;
    }
}
