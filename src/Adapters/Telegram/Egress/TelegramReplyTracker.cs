using System.Collections.Concurrent;
using ChatHub.Conversation;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Telegram.Egress;

/// <summary>Delivery state by reply id (<see cref="TelegramReplyState"/>), expiring after <see cref="TelegramOptions.ReplyStateTtl"/>.</summary>
internal sealed class TelegramReplyTracker
{
    private readonly ConcurrentDictionary<string, TelegramReplyState> _replies = new(StringComparer.Ordinal);
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly SweepSchedule _sweep;

    public TelegramReplyTracker(IOptions<TelegramOptions> options, TimeProvider time)
    {
        _ttl = options.Value.ReplyStateTtl;
        _time = time;
        _sweep = new SweepSchedule(time);
    }

    internal int Count => _replies.Count;

    public TelegramReplyState Get(string replyId)
    {
        var now = _time.GetUtcNow();
        if (_sweep.IsDue(now))
        {
            foreach (var (id, state) in _replies)
            {
                if (state.ExpiresAt <= now)
                {
                    _replies.TryRemove(new KeyValuePair<string, TelegramReplyState>(id, state));
                }
            }
        }

        var reply = _replies.GetOrAdd(replyId, static _ => new TelegramReplyState());
        reply.ExpiresAt = now + _ttl;
        return reply;
    }
}
