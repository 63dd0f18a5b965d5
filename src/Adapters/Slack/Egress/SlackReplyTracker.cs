using System.Collections.Concurrent;
using ChatHub.Conversation;
using Microsoft.Extensions.Options;

namespace ChatHub.Adapters.Slack.Egress;

/// <summary>Delivery state by reply id (<see cref="SlackReplyState"/>), expiring after <see cref="SlackOptions.ReplyStateTtl"/>.</summary>
internal sealed class SlackReplyTracker
{
    private readonly ConcurrentDictionary<string, SlackReplyState> _replies = new(StringComparer.Ordinal);
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly SweepSchedule _sweep;

    public SlackReplyTracker(IOptions<SlackOptions> options, TimeProvider time)
    {
        _ttl = options.Value.ReplyStateTtl;
        _time = time;
        _sweep = new SweepSchedule(time);
    }

    public SlackReplyState Get(string replyId)
    {
        var now = _time.GetUtcNow();
        if (_sweep.IsDue(now))
        {
            foreach (var (id, state) in _replies)
            {
                if (state.ExpiresAt <= now)
                {
                    _replies.TryRemove(new KeyValuePair<string, SlackReplyState>(id, state));
                }
            }
        }

        var reply = _replies.GetOrAdd(replyId, static _ => new SlackReplyState());
        reply.ExpiresAt = now + _ttl;
        return reply;
    }
}
