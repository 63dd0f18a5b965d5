using System.Collections.Concurrent;
using ChatHub.Conversation.Messages;

namespace ChatHub.Conversation.Routing;

/// <summary>Conversation references in this process (the in-memory default); expired entries are swept on writes.</summary>
public sealed class InMemoryConversationReferenceStore : IConversationReferenceStore
{
    private readonly ConcurrentDictionary<string, (string Reference, DateTimeOffset ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly SweepSchedule _sweep;

    public InMemoryConversationReferenceStore(TimeProvider time)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _sweep = new SweepSchedule(time);
    }

    public ValueTask SetAsync(ConversationRef conversation, string reference, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        if (_sweep.IsDue(now))
        {
            foreach (var entry in _entries)
            {
                if (entry.Value.ExpiresAt <= now)
                {
                    _entries.TryRemove(entry);
                }
            }
        }

        _entries[conversation.Key] = (reference, now + lifetime);
        return ValueTask.CompletedTask;
    }

    public ValueTask<string?> GetAsync(ConversationRef conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return ValueTask.FromResult(
            _entries.TryGetValue(conversation.Key, out var entry) && entry.ExpiresAt > _time.GetUtcNow() ? entry.Reference : null);
    }

    public ValueTask<bool> RemoveAsync(ConversationRef conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var now = _time.GetUtcNow();
        return ValueTask.FromResult(_entries.TryRemove(conversation.Key, out var entry) && entry.ExpiresAt > now);
    }
}
