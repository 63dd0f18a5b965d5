using System.Collections.Concurrent;
using ChatHub.Conversation;

namespace ChatHub.Adapters.Abstractions.Egress;

/// <summary>
/// Delivery state by reply id, each entry expiring <c>ttl</c> after its last use; expired entries are swept on a
/// <see cref="SweepSchedule"/>. Each adapter derives its own tracker (its TTL option, its state type), so two
/// adapters with the same state type still get two trackers from the container.
/// </summary>
internal abstract class ReplyTracker<TState>
    where TState : class, IExpiringReplyState, new()
{
    private readonly ConcurrentDictionary<string, TState> _replies = new(StringComparer.Ordinal);
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly SweepSchedule _sweep;

    protected ReplyTracker(TimeSpan ttl, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _ttl = ttl;
        _time = time;
        _sweep = new SweepSchedule(time);
    }

    internal int Count => _replies.Count;

    /// <summary>The state of <paramref name="replyId"/>, new if unknown or expired; its expiry moves to now + TTL.</summary>
    public TState Get(string replyId)
    {
        var now = _time.GetUtcNow();
        if (_sweep.IsDue(now))
        {
            foreach (var (id, state) in _replies)
            {
                if (state.ExpiresAt <= now)
                {
                    _replies.TryRemove(new KeyValuePair<string, TState>(id, state));
                }
            }
        }

        var reply = _replies.GetOrAdd(replyId, static _ => new TState());
        reply.ExpiresAt = now + _ttl;
        return reply;
    }
}
