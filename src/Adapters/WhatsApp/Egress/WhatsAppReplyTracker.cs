using System.Collections.Concurrent;
using ChatHub.Conversation;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.WhatsApp.Egress;

/// <summary>
/// Delivery state by reply id: how many parts of a final reply were sent. A final retried by the bus after a
/// transient failure (a 429 storm) continues where it stopped; a final delivered twice (bus redelivery) is sent once.
/// Expires after <see cref="WhatsAppOptions.ReplyStateTtl"/>.
/// </summary>
internal sealed class WhatsAppReplyTracker
{
    private readonly ConcurrentDictionary<string, ReplyState> _replies = new(StringComparer.Ordinal);
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly SweepSchedule _sweep;

    public WhatsAppReplyTracker(IOptions<WhatsAppOptions> options, TimeProvider time)
    {
        _ttl = options.Value.ReplyStateTtl;
        _time = time;
        _sweep = new SweepSchedule(time);
    }

    public ReplyState Get(string replyId)
    {
        var now = _time.GetUtcNow();
        if (_sweep.IsDue(now))
        {
            foreach (var (id, state) in _replies)
            {
                if (state.ExpiresAt <= now)
                {
                    _replies.TryRemove(new KeyValuePair<string, ReplyState>(id, state));
                }
            }
        }

        var reply = _replies.GetOrAdd(replyId, static _ => new ReplyState());
        reply.ExpiresAt = now + _ttl;
        return reply;
    }

    /// <summary>One reply's progress; touched by one conversation's egress at a time.</summary>
    internal sealed class ReplyState
    {
        public int PartsSent { get; set; }

        public bool Completed { get; set; }

        public DateTimeOffset ExpiresAt { get; set; }
    }
}
